package dev.arca.storage.s3;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageNotFoundException;
import dev.arca.storage.StorageRegistry;
import dev.arca.storage.TestContent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract does not say: layout, URL options, immutability, and the errors an operator reads. */
class S3StorageTest {
    private static final S3MockServer SERVER = S3MockServer.get();
    private static final int MIB = 1024 * 1024;
    private static final Instant NOW = Instant.parse("2036-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static S3Options fresh(String bucket) {
        return SERVER.options(bucket, "t-" + UUID.randomUUID());
    }

    private static String freshBucket() {
        return "lock-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void keysAreThePrefixTheKindAndTheNameAsOnDisk() throws IOException {
        S3Options options = fresh("layout");
        try (S3Storage storage = S3Storage.open(options, true, CLOCK); S3Client client = SERVER.client()) {
            for (ObjectKind kind : ObjectKind.values()) {
                storage.save(ObjectKey.of(kind, "ab12"), new byte[] {1});
            }
            List<String> keys = client.listObjectsV2(request -> request.bucket("layout").prefix(options.prefix()))
                    .contents().stream().map(S3Object::key).sorted().toList();
            String p = options.prefix() + "/";
            assertThat(keys).containsExactly(p + "config/ab12", p + "data/ab12", p + "index/ab12", p + "keys/ab12",
                    p + "locks/ab12", p + "logs/ab12", p + "snapshots/ab12");
            assertThat(storage.lockedNames()).isZero();
        }
    }

    @Test
    void storageClassIsSetOnPacksSmallOrMultipartAndMetadataStaysStandard() throws IOException {
        S3Options base = fresh("classes");
        S3Options options = new S3Options(base.bucket(), base.prefix(), base.endpoint(), base.region(), true,
                Duration.ZERO, Optional.of("STANDARD_IA"), true, true, 5 * MIB, 5 * MIB);
        try (S3Storage storage = S3Storage.open(options, true, CLOCK); S3Client client = SERVER.client()) {
            ObjectKey small = ObjectKey.of(ObjectKind.DATA, "small");
            ObjectKey large = ObjectKey.of(ObjectKind.DATA, "large");
            ObjectKey index = ObjectKey.of(ObjectKind.INDEX, "index");
            storage.save(small, new byte[100]);
            storage.save(large, TestContent.random(5, 11 * MIB));
            storage.save(index, new byte[100]);

            for (ObjectKey key : List.of(small, large)) {
                assertThat(client.headObject(request -> request.bucket("classes").key(storage.name(key)))
                        .storageClass()).as("%s", key).isEqualTo(StorageClass.STANDARD_IA);
            }
            // Config, keys, locks, snapshots, index and logs must stay readable without a restore request.
            assertThat(client.headObject(request -> request.bucket("classes").key(storage.name(index))).storageClass())
                    .isIn(null, StorageClass.STANDARD);
            assertThat(storage.load(large)).isEqualTo(TestContent.random(5, 11 * MIB));
        }
    }

    /**
     * S3Mock stores no retention sent with a PUT, so the request itself is what can be checked: every save,
     * single or multipart, asks for COMPLIANCE until the injected clock's now plus the lock period.
     */
    @Test
    void lockPeriodAsksForComplianceRetentionOnEverySave() throws IOException {
        List<SdkRequest> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                sent.add(context.request());
            }
        };
        S3Options options = fresh(freshBucket()).withLockPeriod(Duration.ofDays(30)).withMultipart(5 * MIB, 5 * MIB);
        try (S3Storage storage = S3Storage.open(options, true, SERVER.client(options)
                .overrideConfiguration(config -> config.addExecutionInterceptor(recorder)).build(), CLOCK)) {
            storage.save(ObjectKey.of(ObjectKind.SNAPSHOTS, "small"), new byte[10]);
            storage.save(ObjectKey.of(ObjectKind.DATA, "large"), new byte[6 * MIB]);
        }
        Instant until = NOW.plus(Duration.ofDays(30));
        assertThat(sent).filteredOn(PutObjectRequest.class::isInstance).map(PutObjectRequest.class::cast)
                .singleElement().satisfies(put -> {
                    assertThat(put.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
                    assertThat(put.objectLockRetainUntilDate()).isEqualTo(until);
                });
        assertThat(sent).filteredOn(CreateMultipartUploadRequest.class::isInstance)
                .map(CreateMultipartUploadRequest.class::cast).singleElement().satisfies(create -> {
                    assertThat(create.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
                    assertThat(create.objectLockRetainUntilDate()).isEqualTo(until);
                });
    }

    @Test
    void lockedUntilReadsTheRetentionTheServerKeeps() throws IOException {
        S3Options options = fresh(freshBucket()).withLockPeriod(Duration.ofDays(7));
        Instant until = Instant.parse("2031-01-02T03:04:05Z");
        try (S3Storage storage = S3Storage.open(options, true, CLOCK); S3Client client = SERVER.client()) {
            ObjectKey locked = ObjectKey.of(ObjectKind.DATA, "locked");
            ObjectKey plain = ObjectKey.of(ObjectKind.DATA, "plain");
            storage.save(locked, new byte[] {1});
            storage.save(plain, new byte[] {2});
            client.putObjectRetention(request -> request.bucket(options.bucket()).key(storage.name(locked))
                    .retention(retention -> retention.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)));

            assertThat(storage.lockedUntil(locked)).contains(until);
            assertThat(storage.lockedUntil(plain)).isEmpty();
        }
    }

    /**
     * No test server here enforces Object Lock (see S3MockLimitsTest), so the server's refusal is injected
     * into the SDK pipeline exactly as AWS words it, over a retention that the real server keeps: this tests
     * the driver's reading of a refusal, not enforcement.
     */
    @Test
    void removeRefusedByTheLockSaysUntilWhen() throws IOException {
        ExecutionInterceptor awsRefusal = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof DeleteObjectRequest) {
                    throw S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("AccessDenied").errorMessage("Access Denied because object protected by object"
                                    + " lock.").build()).build();
                }
            }
        };
        S3Options options = fresh(freshBucket()).withLockPeriod(Duration.ofDays(30));
        ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, "kept");
        try (S3Storage storage = S3Storage.open(options, true, SERVER.client(options)
                .overrideConfiguration(config -> config.addExecutionInterceptor(awsRefusal)).build(), CLOCK);
             S3Client client = SERVER.client()) {
            storage.save(key, new byte[] {1});
            client.putObjectRetention(request -> request.bucket(options.bucket()).key(storage.name(key))
                    .retention(retention -> retention.mode(ObjectLockRetentionMode.COMPLIANCE)
                            .retainUntilDate(NOW.plus(Duration.ofDays(30)))));

            assertThatThrownBy(() -> storage.remove(key)).isInstanceOf(IOException.class)
                    .hasMessage(options.location() + ": snapshots/kept: cannot remove: the object is locked until"
                            + " 2036-03-31T10:00:00Z (immutable repository)");
        }
    }

    @Test
    void lockPeriodOnABucketWithoutObjectLockIsRefusedAtOpen() throws IOException {
        S3Options plain = fresh("unlocked");
        S3Storage.open(plain, true, CLOCK).close();

        assertThatThrownBy(() -> S3Storage.open(plain.withLockPeriod(Duration.ofDays(30)), true, CLOCK))
                .isInstanceOf(IOException.class)
                .hasMessage(plain.location() + ": cannot open: bucket 'unlocked' has no Object Lock, so objects cannot"
                        + " be locked for 30 days\nHINT: use a bucket created with Object Lock enabled ('arca init'"
                        + " creates one when the URL has lock-days=), or remove lock-days= from the URL");
    }

    @Test
    void missingBucketIsNotFoundWithAHint() {
        S3Options options = SERVER.options("no-such-bucket", "repo");

        assertThatThrownBy(() -> S3Storage.open(options, false, CLOCK))
                .isInstanceOf(StorageNotFoundException.class)
                .hasMessage("s3://no-such-bucket/repo: cannot open: bucket 'no-such-bucket' does not exist at "
                        + SERVER.endpoint() + "\nHINT: create it with 'arca init', or correct the bucket name in the"
                        + " repository URL");
    }

    @Test
    void emptyPrefixWithoutCreateIsNotFoundWithAHint() throws IOException {
        S3Storage.open(SERVER.options("prefixes", "other"), true, CLOCK).close();

        assertThatThrownBy(() -> S3Storage.open(SERVER.options("prefixes", "never/made"), false, CLOCK))
                .isInstanceOf(StorageNotFoundException.class)
                .hasMessage("s3://prefixes/never/made: cannot open: nothing is stored under prefix 'never/made' of"
                        + " bucket 'prefixes'\nHINT: create a repository with 'arca init', or correct the prefix in"
                        + " the repository URL");
    }

    @Test
    void unreachableEndpointSaysSoWithAHint() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + S3MockServer.freePort());
        S3Options options = new S3Options("bucket", "repo", Optional.of(closed), "us-east-1", true, Duration.ZERO,
                Optional.empty(), true, true, 16 * MIB, 8 * MIB);

        assertThatThrownBy(() -> S3Storage.open(options, true, CLOCK))
                .isInstanceOf(IOException.class)
                .hasMessage("s3://bucket/repo: cannot open: cannot reach the S3 server at " + closed
                        + ": connection refused\nHINT: check the endpoint (endpoint= in the URL, or ARCA_S3_ENDPOINT)"
                        + " and that the server is running");
    }

    @Test
    void withoutConditionalPutAnExistingObjectIsStillNeverOverwritten() throws IOException {
        S3Options base = fresh("unconditional");
        S3Options options = new S3Options(base.bucket(), base.prefix(), base.endpoint(), base.region(), true,
                Duration.ZERO, Optional.empty(), false, true, base.multipartThreshold(), base.partSize());
        try (S3Storage storage = S3Storage.open(options, true, CLOCK)) {
            ObjectKey key = ObjectKey.of(ObjectKind.INDEX, "first");
            storage.save(key, new byte[] {1});

            assertThatThrownBy(() -> storage.save(key, new byte[] {2})).isInstanceOf(ObjectExistsException.class);
            assertThat(storage.load(key)).containsExactly(1);
        }
    }

    @Test
    void multipartUploadThatFailsMidwayIsAbortedAndLeavesNothing() throws IOException {
        ExecutionInterceptor dropSecondPart = PartFault.before(2, () -> {
            throw SdkClientException.create("connection dropped (injected)");
        });
        S3Options options = fresh("multipart").withMultipart(5 * MIB, 5 * MIB);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "torn");
        try (S3Storage storage = S3Storage.open(options, true, SERVER.client(options)
                .overrideConfiguration(config -> config.addExecutionInterceptor(dropSecondPart)).build(), CLOCK);
             S3Client client = SERVER.client()) {
            assertThatThrownBy(() -> storage.save(key, new byte[12 * MIB]))
                    .isInstanceOf(IOException.class)
                    .hasMessage(options.location() + ": data/torn: cannot save: connection dropped (injected)");

            assertThat(storage.stat(key)).isEmpty();
            assertThat(storage.list(ObjectKind.DATA)).isEmpty();
            assertThat(client.listMultipartUploads(request -> request.bucket("multipart").prefix(options.prefix()))
                    .uploads()).as("uploads left after the abort").isEmpty();
            storage.save(key, new byte[12 * MIB]);
            assertThat(storage.stat(key)).map(info -> info.size()).contains(12L * MIB);
        }
    }

    @Test
    void theRegistryOpensS3UrlsThroughTheProvider() throws IOException {
        StorageRegistry registry = new StorageRegistry().register(new S3StorageProvider());
        String url = "s3://registry/some/repo?endpoint=" + SERVER.endpoint() + "&path-style=true&storage-class=standard";
        try (Storage storage = registry.open(url, true)) {
            assertThat(storage.location()).isEqualTo("s3://registry/some/repo");
            storage.save(ObjectKey.of(ObjectKind.CONFIG, "config"), new byte[] {7});
        }
        try (Storage reopened = registry.open(url, false)) {
            assertThat(reopened.load(ObjectKey.of(ObjectKind.CONFIG, "config"))).containsExactly(7);
        }
    }

    @Test
    void urlsAreReadWithEnvironmentFallbacks() {
        S3Options options = S3Options.parse(URI.create("s3://bucket/a/b/?lock-days=30&storage-class=DEEP_ARCHIVE"),
                Map.of("ARCA_S3_ENDPOINT", "http://10.0.0.1:9000", "AWS_REGION", "eu-west-1"));

        assertThat(options.bucket()).isEqualTo("bucket");
        assertThat(options.prefix()).isEqualTo("a/b");
        assertThat(options.endpoint()).contains(URI.create("http://10.0.0.1:9000"));
        assertThat(options.region()).isEqualTo("eu-west-1");
        assertThat(options.pathStyle()).isTrue();
        assertThat(options.lockPeriod()).isEqualTo(Duration.ofDays(30));
        assertThat(options.storageClass()).contains("DEEP_ARCHIVE");

        S3Options aws = S3Options.parse(URI.create("s3://bucket"), Map.of());
        assertThat(aws.endpoint()).isEmpty();
        assertThat(aws.pathStyle()).isFalse();
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.prefix()).isEmpty();
    }

    @Test
    void badUrlsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> S3Options.parse(URI.create("s3://bucket/p?lock-day=3"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 's3://bucket/p?lock-day=3': unknown parameter 'lock-day'; known: [checksums,"
                        + " conditional-put, endpoint, lock-days, path-style, region, storage-class]");
        assertThatThrownBy(() -> S3Options.parse(URI.create("s3://bucket/p?lock-days=0"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 's3://bucket/p?lock-days=0': lock-days must be a whole number of days from 1"
                        + " to 36500, not '0'");
        assertThatThrownBy(() -> S3Options.parse(URI.create("s3://bucket/p?storage-class=COLD"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("repository 's3://bucket/p?storage-class=COLD': S3 storage class 'COLD':"
                        + " expected one of [DEEP_ARCHIVE, GLACIER, GLACIER_IR,");
        assertThatThrownBy(() -> S3Options.parse(URI.create("s3://key:secret@bucket/p"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 's3://key:secret@bucket/p': S3 URLs carry no credentials; set"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile");
    }
}
