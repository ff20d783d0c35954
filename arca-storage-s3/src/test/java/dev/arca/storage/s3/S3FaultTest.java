package dev.arca.storage.s3;

import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.TestContent;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.decorate.RetryPolicy;
import dev.arca.storage.decorate.RetryingStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real faults: a server that stops and comes back, wrong credentials, and the decorators over S3. */
class S3FaultTest {
    private static final Pattern S3PROXY_TEMPORARY =
            Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final RetryPolicy PATIENT = new RetryPolicy(12, Duration.ofMillis(100), Duration.ofMillis(800));
    @TempDir
    static Path directory;
    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer(directory);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static S3Options fresh() {
        return server.options("faults", "t-" + UUID.randomUUID());
    }

    private static S3Storage open(S3Options options) throws IOException {
        return S3Storage.open(options, true, Clock.systemUTC());
    }

    @Test
    @Timeout(120)
    void serverStoppedMidSeriesOfSavesRetryingCompletesAndNoPartialObjectIsSeen() throws Exception {
        S3Options options = fresh();
        List<Integer> retried = new CopyOnWriteArrayList<>();
        AtomicInteger saved = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<ObjectKey> keys = new ArrayList<>();
        // Threads of their own: the common pool has one worker on two cores, and the reader would keep it.
        try (S3Storage s3 = open(options);
             Storage storage = RetryingStorage.builder(s3).policy(PATIENT)
                     .listener(attempt -> retried.add(attempt.attempt())).build();
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> verifyWhile(s3, writing), threads);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        byte[] data = TestContent.random(i, 200_000);
                        ObjectKey key = ObjectKey.of(ObjectKind.DATA, TestContent.sha256(data));
                        storage.save(key, data);
                        keys.add(key);
                        saved.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            while (saved.get() < 10 && !writer.isDone()) {
                Thread.sleep(5);
            }
            assertThat(writer).as("the writer before the server stopped").isNotDone();
            server.stop();
            Thread.sleep(1_000);
            server.start();
            writer.get(60, TimeUnit.SECONDS);
            writing.set(false);
            assertThat(reader.get(60, TimeUnit.SECONDS)).as("objects verified in the last pass").isEqualTo(40);

            assertThat(retried).as("failed attempts while the server was down").isNotEmpty();
            assertThat(listed(storage)).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    /**
     * The objects listed, without S3Proxy's own temporary files: its filesystem store writes each PUT to
     * {@code <name>-<uuid>} beside the target and renames it, and lists that file, empty or half-written,
     * while the PUT runs. S3 itself never lists an object before its PUT completes, and no name Arca writes
     * has that form.
     */
    private static List<ObjectInfo> listed(Storage storage) throws IOException {
        return storage.list(ObjectKind.DATA).stream()
                .filter(info -> !S3PROXY_TEMPORARY.matcher(info.key().name()).find())
                .toList();
    }

    /** Lists and loads over and over; every object listed must be whole. A server that is down is skipped over. */
    private static int verifyWhile(S3Storage storage, AtomicBoolean writing) {
        int verified = 0;
        boolean last;
        do {
            last = !writing.get();
            try {
                verified = 0;
                for (ObjectInfo info : listed(storage)) {
                    byte[] loaded = storage.load(info.key());
                    assertThat(loaded).hasSize((int) info.size());
                    assertThat(TestContent.sha256(loaded)).isEqualTo(info.key().name());
                    verified++;
                }
            } catch (IOException down) {
                last = false;
            }
        } while (!last);
        return verified;
    }

    @Test
    void multipartUploadCutByAServerStopLeavesNoObjectAndARetryLands() throws Exception {
        ExecutionInterceptor stopAfterFirstPart = PartFault.after(1, () -> {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        S3Options options = fresh().withMultipart(5 * 1024 * 1024, 5 * 1024 * 1024);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "cut");
        byte[] data = TestContent.random(9, 12 * 1024 * 1024);
        try (S3Storage storage = S3Storage.open(options, true, ClientFactory.builder(options, S3MockServer.CREDENTIALS)
                .overrideConfiguration(config -> config.addExecutionInterceptor(stopAfterFirstPart)).build(),
                Clock.systemUTC())) {
            try {
                assertThatThrownBy(() -> storage.save(key, data))
                        .isInstanceOf(IOException.class)
                        .hasMessage(options.location() + ": data/cut: cannot save: cannot reach the S3 server at "
                                + server.endpoint() + ": connection refused\nHINT: check the endpoint (endpoint= in"
                                + " the URL, or ARCA_S3_ENDPOINT) and that the server is running");
            } finally {
                server.start();
            }

            assertThat(storage.stat(key)).isEmpty();
            assertThat(storage.list(ObjectKind.DATA)).isEmpty();
            storage.save(key, data);
            assertThat(storage.load(key)).isEqualTo(data);
        }
    }

    @Test
    void lostReplyToASaveIsRetriedIntoSuccessOverS3() throws IOException {
        try (S3Storage s3 = open(fresh())) {
            FaultyStorage faulty = FaultyStorage.wrap(s3).inject(Fault.lostReply().on(Operation.SAVE).times(1))
                    .inject(Fault.fail().on(Operation.LOAD).times(2));
            Storage storage = RetryingStorage.builder(faulty).policy(PATIENT).build();
            ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, "once");

            storage.save(key, new byte[] {4, 2});

            assertThat(storage.load(key)).containsExactly(4, 2);
            assertThat(faulty.injected()).isEqualTo(3);
            assertThat(s3.list(ObjectKind.SNAPSHOTS)).containsExactly(new ObjectInfo(key, 2));
        }
    }

    @Test
    void wrongSecretIsRefusedWithAHint() {
        assertOpenRefused("arca-test", "not-the-secret", " rejected the request signature (SignatureDoesNotMatch)"
                + "\nHINT: check AWS_SECRET_ACCESS_KEY, or the AWS profile, for this access key");
    }

    @Test
    void unknownAccessKeyIsRefusedWithAHint() {
        assertOpenRefused("nobody", "arca-test-secret", " does not know the access key (InvalidAccessKeyId)"
                + "\nHINT: check AWS_ACCESS_KEY_ID, or the AWS profile, for this server");
    }

    private static void assertOpenRefused(String accessKey, String secret, String reason) {
        S3Options options = fresh();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret));

        assertThatThrownBy(() -> S3Storage.open(options, true, ClientFactory.builder(options, credentials).build(),
                Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessage(options.location() + ": cannot open: " + server.endpoint() + reason);
    }
}
