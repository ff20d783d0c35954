package dev.arca.storage.s3;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * S3Proxy in the test JVM over a directory, for what S3Mock cannot do: it checks request signatures, and it can be
 * stopped and started again on the same port and store, as a real server restarts.
 */
final class S3ProxyServer implements AutoCloseable {
    private final Path directory;
    private final int port;
    private BlobStoreContext context;
    private S3Proxy proxy;

    S3ProxyServer(Path directory) throws Exception {
        this.directory = directory;
        this.port = S3MockServer.freePort();
        start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Options for S3Proxy 2.7: it silently ignores {@code If-None-Match}, so conditional PUT is off and the
     * driver's HEAD and in-JVM lock are what refuse an existing name; it rejects the SDK's trailing checksums.
     */
    S3Options options(String bucket, String prefix) {
        return new S3Options(bucket, prefix, Optional.of(endpoint()), "us-east-1", true, Duration.ZERO,
                Optional.empty(), false, false, 16L * 1024 * 1024, 8 * 1024 * 1024);
    }

    synchronized void start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(endpoint())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "arca-test", "arca-test-secret").build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
    }

    /** Stops the server: the port is closed and connections in flight are cut. */
    synchronized void stop() throws Exception {
        proxy.stop();
        context.close();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
