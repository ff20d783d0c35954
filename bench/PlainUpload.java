import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The baseline of bench/copy-bench.sh: uploads every file below DIR to s3://BUCKET/PREFIX/ with the
 * same AWS SDK and HTTP client the S3 driver uses, THREADS at a time, and nothing else (no reading
 * back, no encryption): what a plain `aws s3 cp --recursive` of the repository would cost.
 *
 * Usage: java -cp SDK_CLASSPATH bench/PlainUpload.java ENDPOINT BUCKET PREFIX DIR THREADS
 */
public class PlainUpload {
    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String bucket = args[1];
        String prefix = args[2];
        Path dir = Path.of(args[3]);
        int threads = Integer.parseInt(args[4]);
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(threads))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
             Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).toList();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = files.stream().<Future<?>>map(f -> pool.submit(() -> {
                s3.putObject(b -> b.bucket(bucket).key(prefix + "/" + dir.relativize(f)), RequestBody.fromFile(f));
                return null;
            })).toList();
            long bytes = 0;
            for (int i = 0; i < files.size(); i++) {
                done.get(i).get();
                bytes += Files.size(files.get(i));
            }
            pool.shutdown();
            System.out.println(files.size() + " files, " + bytes + " bytes");
        }
    }
}
