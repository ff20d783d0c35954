package dev.arca.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Adobe S3Mock, started once per test JVM as a child process ({@code java -jar}, the same java as the tests),
 * since it is a Spring Boot application whose classes must not meet ours. Its store lives in a temporary
 * directory and the process is destroyed when the JVM exits.
 */
public final class S3MockServer {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("arca-test", "arca-test-secret"));
    private static S3MockServer instance;

    private final URI endpoint;

    private S3MockServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static synchronized S3MockServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Options for a prefix of a bucket on this server, with every other setting at its default. */
    S3Options options(String bucket, String prefix) {
        S3Options defaults = S3Options.of(bucket, prefix);
        return new S3Options(bucket, prefix, Optional.of(endpoint), "us-east-1", true, Duration.ZERO,
                Optional.empty(), true, true, defaults.multipartThreshold(), defaults.partSize());
    }

    /** A client of this server, for arranging and inspecting what the driver does not expose. */
    S3ClientBuilder client(S3Options options) {
        return ClientFactory.builder(options, CREDENTIALS);
    }

    S3Client client() {
        return client(options("any", "")).build();
    }

    private static S3MockServer start() {
        String jar = System.getProperty("arca.s3mock.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock jar not found at '" + jar + "'; run the tests with Maven,"
                    + " which copies it to target/s3mock/s3mock.jar");
        }
        try {
            Path root = Files.createTempDirectory("arca-s3mock");
            Path log = Path.of(jar).resolveSibling("s3mock.log");
            int http = freePort();
            int https = freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                    "--com.adobe.testing.s3mock.http-port=" + http, "--server.port=" + https,
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--logging.level.root=WARN", "--spring.main.banner-mode=off"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            URI endpoint = URI.create("http://127.0.0.1:" + http);
            awaitUp(process, endpoint, log);
            return new S3MockServer(endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Mock", e);
        }
    }

    private static void awaitUp(Process process, URI endpoint, Path log) throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Mock did not answer within 60 s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Mock", e);
        }
    }
}
