package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.storage.s3.S3MockServer;
import dev.arca.storage.sftp.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution, run as the launcher runs it ({@code java -jar target/arca.jar}): its class path
 * holds no storage driver, and S3 and SFTP repositories work through the drivers in {@code target/drivers/}
 * ({@link Drivers}). The unit tests cannot show this, since Maven puts the drivers on their class path.
 */
class DistributionDriversIT {
    private static final Path JAR = Path.of(System.getProperty("arca.distribution", "target/arca.jar"));
    private static final Map<String, String> S3_CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", "arca-test",
            "AWS_SECRET_ACCESS_KEY", "arca-test-secret", "AWS_REGION", "us-east-1", "AWS_PROFILE", "arca-test-none");

    @RegisterExtension
    static final SshServer ssh = new SshServer();

    @TempDir
    Path temp;

    @Test
    void theClassPathListsTheCoreAndTheDriversLieBesideIt() throws IOException {
        String classPath;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
        }
        assertThat(classPath).contains("lib/arca-repository-", "lib/arca-storage-0", "lib/zstd-jni-")
                .doesNotContain("arca-storage-s3", "arca-storage-sftp", "sshd-", "bcprov", "sdk-core", "slf4j");
        List<String> drivers;
        try (Stream<Path> files = Files.list(JAR.resolveSibling("drivers"))) {
            drivers = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(drivers)
                .anyMatch(n -> n.startsWith("arca-storage-s3-")).anyMatch(n -> n.startsWith("arca-storage-sftp-"))
                .anyMatch(n -> n.startsWith("s3-")).anyMatch(n -> n.startsWith("sshd-core-"))
                .anyMatch(n -> n.startsWith("bcprov-")).anyMatch(n -> n.startsWith("slf4j-nop-"));
        // Drivers loads the whole directory: two versions of one library there would load side by side.
        assertThat(drivers.stream().map(n -> n.replaceFirst("-\\d.*$", "")).toList()).doesNotHaveDuplicates();
    }

    @Test
    void anSftpRepositoryBacksUpAndRestores() throws Exception {
        // An Ed25519 key: MINA SSHD reads those only through Bouncy Castle, which must load beside it.
        String url = ssh.url("distribution") + "?identity=" + ssh.userKey() + "&known-hosts=" + ssh.knownHosts();
        roundTrip(url, Map.of());
    }

    @Test
    void anS3RepositoryBacksUpAndRestores() throws Exception {
        String url = "s3://distribution/repo?endpoint=" + S3MockServer.get().endpoint();
        roundTrip(url, S3_CREDENTIALS);
    }

    @Test
    void anInstallationWithoutItsDriversSaysSoAndHowToMendIt() throws Exception {
        Path bare = Files.createDirectories(temp.resolve("bare"));
        Files.copy(JAR, bare.resolve("arca.jar"));
        Path lib = Files.createDirectories(bare.resolve("lib"));
        try (Stream<Path> jars = Files.list(JAR.resolveSibling("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }

        Run run = run(bare.resolve("arca.jar"), S3_CREDENTIALS, "init", "-r", "s3://distribution/none");

        assertThat(run.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).isEqualTo("arca: repository 's3://distribution/none': the s3 driver is missing from this"
                + " installation (no dev.arca.storage.s3.S3StorageProvider on the class path or in " + bare.resolve("drivers")
                + ")\nHINT: build the distribution again (mvn -pl arca-cli -am package -DskipTests in Arca's source"
                + " tree), which puts the S3 and SFTP drivers in " + bare.resolve("drivers") + "\n");
    }

    private void roundTrip(String url, Map<String, String> env) throws Exception {
        Path source = Files.createDirectories(temp.resolve("source/tickets"));
        Files.writeString(source.resolve("1042.txt"), "printer on floor 3 is out of toner\n");
        byte[] upload = new byte[300_000];
        new Random(7).nextBytes(upload);
        Files.write(source.resolve("attachment.bin"), upload);

        run(JAR, env, "init", "-r", url).assertSucceeded();
        run(JAR, env, "backup", "-r", url, source.toString()).assertSucceeded();
        Path target = temp.resolve("restored");
        run(JAR, env, "restore", "-r", url, "latest", "--target", target.toString()).assertSucceeded();

        Path restored = target.resolve(source.toString().substring(1));
        assertThat(restored.resolve("1042.txt")).hasContent("printer on floor 3 is out of toner");
        assertThat(Files.readAllBytes(restored.resolve("attachment.bin"))).isEqualTo(upload);
    }

    private record Run(int exit, String out, String err) {
        void assertSucceeded() {
            assertThat(exit).as("exit code; standard error:%n%s", err).isZero();
        }
    }

    private Run run(Path jar, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ARCA_PASSWORD", "distribution-test");
        builder.environment().putAll(env);
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // Within a deadline that a hung driver would miss.
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("arca %s exited", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
