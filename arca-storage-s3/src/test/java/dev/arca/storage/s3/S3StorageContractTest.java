package dev.arca.storage.s3;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

/** The storage contract against a real S3 server (S3Mock), each test under a fresh prefix of one bucket. */
class S3StorageContractTest extends StorageContract {
    private static final S3MockServer SERVER = S3MockServer.get();

    @Override
    protected Storage newStorage() throws IOException {
        return S3Storage.open(SERVER.options("contract", "run-" + UUID.randomUUID()), true, Clock.systemUTC());
    }

    /** A save whose process died mid-way leaves an incomplete multipart upload: parts, but no object. */
    @Override
    protected void leaveUnfinishedSave(ObjectKey key, byte[] written) {
        S3Storage s3 = (S3Storage) storage;
        try (S3Client client = SERVER.client()) {
            String bucket = s3.options().bucket();
            String name = s3.name(key);
            String upload = client.createMultipartUpload(request -> request.bucket(bucket).key(name)).uploadId();
            client.uploadPart(request -> request.bucket(bucket).key(name).uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(written));
        }
    }
}
