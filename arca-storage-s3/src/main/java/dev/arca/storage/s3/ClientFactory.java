package dev.arca.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.time.Duration;

/** Builds the SDK client an {@link S3Storage} talks through, from its options. */
final class ClientFactory {
    /** The repository saves from several threads at once; each upload holds one connection. */
    private static final int CONNECTIONS = 32;

    private ClientFactory() {
    }

    static S3ClientBuilder builder(S3Options options, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(CONNECTIONS)
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                // RetryingStorage is the one place that retries, logs and bounds attempts; SDK retries under it
                // would multiply the attempts and hide the failures from its listener.
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(options.pathStyle()).build())
                .requestChecksumCalculation(options.checksums()
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(options.checksums()
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED);
        options.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }
}
