package dev.arca.storage.s3;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageNotFoundException;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository under a prefix of an S3 bucket, on AWS or an S3-compatible server.
 *
 * <h2>Location</h2>
 * <pre>{@code
 * s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&path-style=true&lock-days=30&storage-class=STANDARD_IA
 * }</pre>
 * Every parameter is optional; {@link S3Options} says what each means. The endpoint may also come from
 * {@code ARCA_S3_ENDPOINT} and the region from {@code AWS_REGION}. Credentials never appear in the URL: they come
 * from the AWS default chain (environment {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, system
 * properties, {@code AWS_PROFILE} and the shared files, web identity, container and instance roles), so a plan's
 * secrets can be handed over through the environment.
 *
 * <h2>Layout</h2>
 * {@code <prefix>/<kind>/<name>}, the kind being {@link ObjectKind#directory()}: {@code config/}, {@code keys/},
 * {@code locks/}, {@code snapshots/}, {@code index/}, {@code data/}, {@code logs/}. The names are those of
 * {@code LocalStorage}, without its fan-out of {@code data/}: S3 has no directories to keep small.
 *
 * <h2>How the contract is met</h2>
 * <ul>
 *   <li><b>Atomic, never overwrite.</b> S3 makes an object visible only when its PUT (or the completion of its
 *       multipart upload) succeeds, whole. A save first asks {@code HEAD}, which saves uploading what is already
 *       there, then uploads with {@code If-None-Match: *}, which the server refuses with 412 if the name was taken
 *       meanwhile. A server that answers the header with 501 is remembered, and saves go on without it; a server
 *       that silently ignores it (S3Proxy 2.7 does) leaves a window between the HEAD and the PUT in which a
 *       save from another process may be replaced by one of the same name, harmless when names are content
 *       hashes. Within this JVM, saves of one name are serialised ({@link NameLocks}), so of concurrent saves
 *       exactly one wins even on such a server.</li>
 *   <li><b>Large objects</b> (above {@link S3Options#multipartThreshold()}) go up in parts of
 *       {@link S3Options#partSize()}; a failure aborts the upload, and an upload that a crash left behind is
 *       never listed or loaded, since incomplete uploads are not objects.</li>
 *   <li><b>Not found</b>: 404 and {@code NoSuchKey} become {@link ObjectNotFoundException}; {@code stat} gives
 *       empty. A missing bucket at {@link #open} is a {@link StorageNotFoundException} with a {@code HINT}.</li>
 *   <li><b>Ranges</b> are one ranged GET; the total size from its {@code Content-Range} is checked with
 *       {@link ObjectInfo#checkRange}, so a truncated object is reported, never padded.</li>
 *   <li><b>Removal</b> is idempotent: S3 deletes of missing keys succeed.</li>
 *   <li><b>Listing</b> pages through {@code ListObjectsV2} under {@code <prefix>/<kind>/}, skipping keys that are
 *       not valid object names.</li>
 *   <li><b>Arrays</b>: uploads read the caller's array only during the call; every load returns a fresh one.</li>
 *   <li><b>Threads</b>: the SDK client is thread safe and pools up to 32 connections, so saves from several
 *       threads upload in parallel.</li>
 * </ul>
 * Failures are plain {@link IOException}s for {@code RetryingStorage} to retry; the SDK's own retries are
 * turned off so that attempts are counted and logged in one place.
 *
 * <h2>Immutability (DESIGN.md section 5)</h2>
 * With a lock period ({@code lock-days=N}), every save sets Object Lock mode {@code COMPLIANCE} with
 * retain-until = now + N days, now being the injected {@link Clock}. Opening checks that the bucket has Object Lock
 * enabled ({@code arca init} creates it so). A remove then deletes the object's current version, which the server
 * refuses while it is locked; that refusal, or a refused overwrite, surfaces as an {@link IOException} saying
 * "the object is locked until &lt;date&gt; (immutable repository)". Without a lock period a remove is a plain
 * delete, which on a versioned bucket leaves the older version to the bucket's own lifecycle rules.
 */
public final class S3Storage implements Storage {
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final S3Client client;
    private final S3Options options;
    private final Clock clock;
    private final String location;
    private final String root;
    private final FailureTranslator failures;
    private final NameLocks names = new NameLocks();
    /** Cleared for good when the server answers {@code If-None-Match} with 501 Not Implemented. */
    private volatile boolean conditional;

    private S3Storage(S3Options options, S3Client client, Clock clock) {
        this.client = client;
        this.options = options;
        this.clock = clock;
        this.location = options.location();
        this.root = options.prefix().isEmpty() ? "" : options.prefix() + "/";
        this.failures = new FailureTranslator(options);
        this.conditional = options.conditionalPut();
    }

    /** Opens the storage with credentials from the AWS default chain and the system clock. */
    public static S3Storage open(S3Options options, boolean create) throws IOException {
        return open(options, create, Clock.systemUTC());
    }

    /**
     * Opens the storage with credentials from the AWS default chain.
     *
     * @param create whether to create a missing bucket (with Object Lock when the options have a lock period),
     *        as {@code arca init} needs
     * @param clock the time that lock periods count from
     * @throws StorageNotFoundException if the bucket does not exist, or (without {@code create}) holds nothing under
     *         the prefix
     * @throws IOException if the server cannot be reached, refuses the credentials, or has no Object Lock on a
     *         bucket that must lock
     */
    public static S3Storage open(S3Options options, boolean create, Clock clock) throws IOException {
        return open(options, create, ClientFactory.builder(options, DefaultCredentialsProvider.builder().build())
                .build(), clock);
    }

    /** The seam for tests: a client with other credentials, or with interceptors that inject faults. */
    static S3Storage open(S3Options options, boolean create, S3Client client, Clock clock) throws IOException {
        S3Storage storage = new S3Storage(Objects.requireNonNull(options, "options"), client,
                Objects.requireNonNull(clock, "clock"));
        try {
            storage.verify(create);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return storage;
    }

    public S3Options options() {
        return options;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        save(key, UploadBody.of(data));
    }

    /** Uploads the file part by part, so that a pack composed on local disk never has to be in memory. */
    @Override
    public void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        save(key, UploadBody.of(file, java.nio.file.Files.size(file)));
    }

    private void save(ObjectKey key, UploadBody body) throws IOException {
        String name = name(key);
        names.run(name, () -> {
            // Content-addressed callers often save what is already there; refusing before uploading saves the I/O.
            if (head(key, name, "save").isPresent()) {
                throw new ObjectExistsException(location, key);
            }
            upload(key, name, body);
            return null;
        });
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            // Any size will do: the offset and length are refused before the size is looked at.
            new ObjectInfo(key, 0).checkRange(location, offset, length);
        }
        // No HTTP range can ask for nothing, and a range ending past Long.MAX_VALUE cannot be written.
        if (length == 0 || offset > Long.MAX_VALUE - length) {
            ObjectInfo info = stat(key).orElseThrow(() -> new ObjectNotFoundException(location, key));
            info.checkRange(location, offset, length);
            return new byte[0];
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        ResponseBytes<GetObjectResponse> response;
        try {
            response = client.getObjectAsBytes(request -> request.bucket(options.bucket()).key(name(key)).range(range));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(location, key);
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && service.statusCode() == 416) {
                // The range starts past the end; the size makes the answer name it.
                stat(key).orElseThrow(() -> new ObjectNotFoundException(location, key))
                        .checkRange(location, offset, length);
            }
            throw failures.translate("load", key, e);
        }
        return slice(key, response, offset, length);
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        try {
            return client.getObjectAsBytes(request -> request.bucket(options.bucket()).key(name(key)))
                    .asByteArrayUnsafe();
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(location, key);
        } catch (SdkException e) {
            throw failures.translate("load", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        return head(key, name(key), "stat").map(head -> new ObjectInfo(key, head.contentLength()));
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws IOException {
        String area = root + kind.directory() + "/";
        List<ObjectInfo> objects = new ArrayList<>();
        try {
            // The delimiter keeps out anything in deeper "directories": no object name contains a slash.
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(options.bucket())
                    .prefix(area).delimiter("/")).contents()) {
                String name = object.key().substring(area.length());
                if (ObjectKey.isValidName(name)) {
                    objects.add(new ObjectInfo(ObjectKey.of(kind, name), object.size()));
                }
            }
        } catch (SdkException e) {
            throw failures.translate("list " + kind.directory(), null, e);
        }
        return objects;
    }

    @Override
    public void remove(ObjectKey key) throws IOException {
        String name = name(key);
        try {
            if (options.lockPeriod().isZero()) {
                client.deleteObject(request -> request.bucket(options.bucket()).key(name));
                return;
            }
            // A plain delete on a locked (hence versioned) bucket only hides the object behind a delete marker:
            // the repository would believe it gone while the bucket keeps paying for it. Deleting the version
            // lets the server decide: it refuses while the lock lasts, and removes it for good afterwards.
            Optional<HeadObjectResponse> head = head(key, name, "remove");
            if (head.isPresent()) {
                String version = head.get().versionId();
                client.deleteObject(request -> request.bucket(options.bucket()).key(name).versionId(version));
            }
        } catch (SdkException e) {
            throw refusal("remove", key, e);
        }
    }

    /**
     * Until when the object is locked, as the server reports its retention, or empty if it has none (or the
     * server keeps none). It lets a check confirm that an immutable repository really is.
     *
     * @throws ObjectNotFoundException if there is no such object
     */
    public Optional<Instant> lockedUntil(ObjectKey key) throws IOException {
        try {
            return Optional.ofNullable(client.getObjectRetention(request -> request.bucket(options.bucket())
                    .key(name(key))).retention()).map(retention -> retention.retainUntilDate());
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(location, key);
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && (service.statusCode() == 404 || service.statusCode() == 400)
                    && !"NoSuchBucket".equals(FailureTranslator.code(service))) {
                // NoSuchObjectLockConfiguration (an object without retention) or a bucket without Object Lock.
                return Optional.empty();
            }
            throw failures.translate("read the retention of", key, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + location + " at " + options.server() + "]";
    }

    /** The S3 key of an object. */
    String name(ObjectKey key) {
        return root + key.kind().directory() + "/" + key.name();
    }

    /** How many per-name save locks are held; zero once no save runs, which tests check. */
    int lockedNames() {
        return names.size();
    }

    private void verify(boolean create) throws IOException {
        try {
            boolean empty = client.listObjectsV2(request -> request.bucket(options.bucket()).prefix(root).maxKeys(1))
                    .contents().isEmpty();
            if (empty && !create) {
                throw new StorageNotFoundException(location + ": cannot open: nothing is stored under prefix '"
                        + options.prefix() + "' of bucket '" + options.bucket() + "'\nHINT: create a repository with"
                        + " 'arca init', or correct the prefix in the repository URL");
            }
        } catch (NoSuchBucketException e) {
            if (!create) {
                throw failures.missingBucket(location + ": cannot open: ", e);
            }
            createBucket();
        } catch (SdkException e) {
            throw failures.translate("open", null, e);
        }
        if (!options.lockPeriod().isZero()) {
            verifyObjectLock();
        }
    }

    private void createBucket() throws IOException {
        boolean lock = !options.lockPeriod().isZero();
        try {
            client.createBucket(request -> {
                request.bucket(options.bucket()).objectLockEnabledForBucket(lock ? Boolean.TRUE : null);
                // us-east-1 is the one region that must not be named as a constraint.
                if (!options.region().equals("us-east-1")) {
                    request.createBucketConfiguration(bucket -> bucket.locationConstraint(options.region()));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // Another init created it meanwhile: what we wanted.
        } catch (SdkException e) {
            throw failures.translate("create bucket '" + options.bucket() + "'", null, e);
        }
    }

    private void verifyObjectLock() throws IOException {
        boolean enabled;
        try {
            var configuration = client.getObjectLockConfiguration(request -> request.bucket(options.bucket()))
                    .objectLockConfiguration();
            enabled = configuration != null && configuration.objectLockEnabled() == ObjectLockEnabled.ENABLED;
        } catch (SdkException e) {
            // AWS answers 404 ObjectLockConfigurationNotFoundError, S3Mock 400 InvalidRequest.
            if (!(e instanceof AwsServiceException service) || service.statusCode() != 404 && service.statusCode() != 400
                    || "NoSuchBucket".equals(FailureTranslator.code(service))) {
                throw failures.translate("open", null, e);
            }
            enabled = false;
        }
        if (!enabled) {
            throw new IOException(location + ": cannot open: bucket '" + options.bucket() + "' has no Object Lock,"
                    + " so objects cannot be locked for " + options.lockPeriod().toDays() + " days\nHINT: use a bucket"
                    + " created with Object Lock enabled ('arca init' creates one when the URL has lock-days=), or"
                    + " remove lock-days= from the URL");
        }
    }

    private Optional<HeadObjectResponse> head(ObjectKey key, String name, String action) throws IOException {
        try {
            return Optional.of(client.headObject(request -> request.bucket(options.bucket()).key(name)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            if (e instanceof AwsServiceException service && service.statusCode() == 404
                    && !"NoSuchBucket".equals(FailureTranslator.code(service))) {
                // HEAD answers carry no body, so a missing key is a bare 404.
                return Optional.empty();
            }
            throw failures.translate(action, key, e);
        }
    }

    private void upload(ObjectKey key, String name, UploadBody data) throws IOException {
        boolean ifNoneMatch = conditional;
        try {
            if (data.length() > options.multipartThreshold()) {
                MultipartUpload.upload(client, multipartRequest(key, name), data, options.partSize(), ifNoneMatch);
            } else {
                client.putObject(putRequest(key, name, data.length(), ifNoneMatch), data.whole());
            }
        } catch (SdkException e) {
            int status = e instanceof AwsServiceException service ? service.statusCode() : 0;
            if (status == 412) {
                throw new ObjectExistsException(location, key);
            }
            if (status == 501 && ifNoneMatch) {
                conditional = false;
                upload(key, name, data);
                return;
            }
            throw refusal("save", key, e);
        }
    }

    /**
     * The storage class of an upload: the configured one for packs only. Everything else (config, key
     * slots, locks, snapshots, index, logs) stays in the bucket's default class, so that an archive class
     * such as DEEP_ARCHIVE never makes the repository unopenable without a restore request.
     */
    private Optional<StorageClass> storageClass(ObjectKey key) {
        return key.kind() == dev.arca.storage.ObjectKind.DATA ? options.storageClass().map(StorageClass::fromValue)
                : Optional.empty();
    }

    private PutObjectRequest putRequest(ObjectKey key, String name, long length, boolean ifNoneMatch) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(options.bucket()).key(name)
                .contentLength(length).contentType(OCTET_STREAM);
        if (ifNoneMatch) {
            request.ifNoneMatch("*");
        }
        storageClass(key).ifPresent(request::storageClass);
        if (!options.lockPeriod().isZero()) {
            request.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil());
        }
        return request.build();
    }

    private CreateMultipartUploadRequest multipartRequest(ObjectKey key, String name) {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder().bucket(options.bucket())
                .key(name).contentType(OCTET_STREAM);
        storageClass(key).ifPresent(request::storageClass);
        if (!options.lockPeriod().isZero()) {
            request.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil());
        }
        return request.build();
    }

    private Instant retainUntil() {
        return clock.instant().plus(options.lockPeriod());
    }

    /**
     * The error for a refused write or delete: when the storage locks objects and the server said 403, the
     * object's retention tells whether the lock was the reason, and until when.
     */
    private IOException refusal(String action, ObjectKey key, SdkException e) {
        if (!options.lockPeriod().isZero() && FailureTranslator.isAccessDenied(e)) {
            try {
                Optional<Instant> until = lockedUntil(key);
                if (until.isPresent() && until.get().isAfter(clock.instant())) {
                    return failures.locked(action, key, until.get(), e);
                }
            } catch (IOException lookup) {
                e.addSuppressed(lookup);
            }
        }
        return failures.translate(action, key, e);
    }

    private byte[] slice(ObjectKey key, ResponseBytes<GetObjectResponse> response, long offset, int length)
            throws IOException {
        byte[] bytes = response.asByteArrayUnsafe();
        String contentRange = response.response().contentRange();
        Matcher matcher = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange);
        if (matcher == null || !matcher.matches()) {
            // A server that ignores Range sends the whole object: its length is the size.
            new ObjectInfo(key, bytes.length).checkRange(location, offset, length);
            return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
        }
        new ObjectInfo(key, Long.parseLong(matcher.group(3))).checkRange(location, offset, length);
        if (bytes.length != length || Long.parseLong(matcher.group(1)) != offset) {
            throw new IOException(location + ": " + key + ": cannot load: asked for " + length + " bytes at offset "
                    + offset + ", the server sent " + bytes.length + " bytes as " + contentRange);
        }
        return bytes;
    }
}
