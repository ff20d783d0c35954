package dev.arca.storage.s3;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the test server does not do, pinned down so that the tests elsewhere are read for what they prove: S3Mock
 * keeps a retention but does not enforce it. If a new S3Mock starts refusing, this test fails, and the lock
 * refusal in S3StorageTest can then be tested for real.
 */
class S3MockLimitsTest {
    private static final S3MockServer SERVER = S3MockServer.get();

    @Test
    void s3MockKeepsRetentionButDoesNotEnforceObjectLock() {
        try (S3Client client = SERVER.client()) {
            client.createBucket(request -> request.bucket("enforcement").objectLockEnabledForBucket(true));
            String version = client.putObject(request -> request.bucket("enforcement").key("k"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1})).versionId();
            Instant until = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            client.putObjectRetention(request -> request.bucket("enforcement").key("k").versionId(version)
                    .retention(retention -> retention.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)));
            assertThat(client.getObjectRetention(request -> request.bucket("enforcement").key("k").versionId(version))
                    .retention().retainUntilDate()).isEqualTo(until);

            client.deleteObject(request -> request.bucket("enforcement").key("k").versionId(version));

            assertThatThrownBy(() -> client.getObject(request -> request.bucket("enforcement").key("k")))
                    .as("a COMPLIANCE-locked version deleted before its date").isInstanceOf(NoSuchKeyException.class);
        }
    }
}
