package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.protect.names.NameBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names whose bytes are not valid UTF-8, through the commands: listed escaped, restored exactly. */
class RawNamesTest {
    private static final byte[] FF = {'a', (byte) 0xff};
    private static final byte[] FE = {'a', (byte) 0xfe};

    @TempDir
    Path dir;
    Path data;
    String repo;

    @BeforeEach
    void twoNamesThatDecodeAlike() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve(NameBytes.path(FF).orElseThrow()), "one");
        Files.writeString(data.resolve(NameBytes.path(FE).orElseThrow()), "two");
        repo = dir.resolve("repo").toString();
        assertThat(CliRun.of("init", "-r", repo).exit()).isZero();
    }

    @Test
    void lsShowsEachInvalidByteAndRestoreIncludesByThatName() throws Exception {
        CliRun backup = CliRun.of("backup", "-r", repo, data.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();

        CliRun ls = CliRun.of("ls", "-r", repo, "latest", data.toString());
        assertThat(ls.out()).contains(data + "/a\\xfe\n").contains(data + "/a\\xff\n");

        Path target = dir.resolve("out");
        CliRun restore = CliRun.of("restore", "-r", repo, "latest", "--target", target.toString(),
                "--include", data + "/a\\xff");
        assertThat(restore.exit()).as(restore.err()).isZero();
        Path restored = target.resolve(data.toString().substring(1));
        try (Stream<Path> names = Files.list(restored)) {
            assertThat(names.toList()).containsExactly(restored.resolve(NameBytes.path(FF).orElseThrow()));
        }
        assertThat(Files.readString(restored.resolve(NameBytes.path(FF).orElseThrow()))).isEqualTo("one");
    }

    @Test
    void withoutTheLaunchersOptionsTheNamesAreStoredAsShownAndBothCommandsSaySo() throws Exception {
        String other = dir.resolve("other").toString();
        assertThat(CliRun.of("init", "-r", other).exit()).isZero();
        OwnJvm backup = run("backup", "-r", other, data.toString());
        assertThat(backup.exit()).isEqualTo(ExitCode.PARTIAL);
        assertThat(backup.err()).contains(data + "/a\uFFFD: backed up, but its name is not valid "
                + System.getProperty("sun.jnu.encoding") + ", so it is stored"
                + " with U+FFFD in place of the bytes that are not, and a restore names it so\n");

        // A repository that holds the bytes, restored where they cannot be used.
        assertThat(CliRun.of("backup", "-r", repo, data.toString()).exit()).isZero();
        Path target = dir.resolve("out");
        OwnJvm restore = run("restore", "-r", repo, "latest", "--target", target.toString());
        assertThat(restore.err()).contains(data + "/a\\xff: restored as 'a\uFFFD', with U+FFFD in place of bytes that"
                + " are not valid UTF-8, because this JVM cannot name files by their bytes; HINT: restore through the arca"
                + " launcher, which opens java.base/sun.nio.fs for it");
    }

    @Test
    void aPathTypedWithBytesThatAreNotUtf8IsBackedUpAsThosePaths() throws Exception {
        typed("\"$D\"/$'a\\xff'", "backup", "-r", repo);

        CliRun ls = CliRun.of("ls", "-r", repo, "latest");
        assertThat(ls.out()).contains(data + "/a\\xff\n").doesNotContain("a\\xfe");
    }

    @Test
    void lsPathRestoreIncludeAndTargetTypedWithBytesThatAreNotUtf8NameThoseBytes() throws Exception {
        assertThat(CliRun.of("backup", "-r", repo, data.toString()).exit()).isZero();

        assertThat(typed("\"$D\"/$'a\\xff'", "ls", "-r", repo, "latest")).contains(data + "/a\\xff\n").doesNotContain("a\\xfe");
        assertThat(typed("--target=\"$W\"/$'out\\xfe' --include \"$D\"/$'a\\xff'", "restore", "-r", repo, "latest"))
                .contains("restored snapshot");
        Path target = dir.resolve(NameBytes.path(new byte[] {'o', 'u', 't', (byte) 0xfe}).orElseThrow());
        Path restored = target.resolve(data.toString().substring(1));
        try (Stream<Path> names = Files.list(restored)) {
            assertThat(names.toList()).containsExactly(restored.resolve(NameBytes.path(FF).orElseThrow()));
        }
    }

    /**
     * Runs arca in a JVM of its own with {@code arguments}, then the arguments bash makes of {@code typed}: Java
     * cannot pass bytes that are not UTF-8 to a process it starts, so bash writes them ($'\xff'). {@code $D} is
     * the data directory, {@code $W} the test's own. Returns standard output; fails unless arca exits 0.
     */
    private String typed(String typed, String... arguments) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("bash", "-c", "exec \"$@\" " + typed, "bash", java, "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.arca.cli.Arca"));
        command.addAll(List.of(arguments));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("ARCA_PASSWORD", CliRun.PASSWORD);
        pb.environment().put("D", data.toString());
        pb.environment().put("W", dir.toString());
        pb.redirectError(dir.resolve("typed.err").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("typed.err"))).isZero();
        return out;
    }

    @Test
    void aFileListNamesPathsByTheirBytes() throws Exception {
        Path list = dir.resolve("list");
        try (var out = Files.newOutputStream(list)) {
            out.write(("# the first\r\n  " + data + "/").getBytes(StandardCharsets.UTF_8));
            out.write(FF);
            out.write(" \n".getBytes(StandardCharsets.UTF_8));
        }
        CliRun backup = CliRun.of("backup", "-r", repo, "--files-from", list.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(CliRun.of("ls", "-r", repo, "latest").out()).contains(data + "/a\\xff\n").doesNotContain("a\\xfe");
    }

    @Test
    void excludePatternsWithBytesThatAreNotUtf8MatchThoseBytesOnly() throws Exception {
        // In a file: '*' then the byte 0xff excludes a\xff and keeps a\xfe, which the JDK shows alike.
        Path excludes = dir.resolve("excludes");
        Files.write(excludes, new byte[] {'*', '.', 't', 'm', 'p', '\n', '*', (byte) 0xff, '\n'});
        CliRun backup = CliRun.of("backup", "-r", repo, "--exclude-file", excludes.toString(), data.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(CliRun.of("ls", "-r", repo, "latest", data.toString()).out()).contains(data + "/a\\xfe\n")
                .doesNotContain("a\\xff");

        // Typed: the JVM decodes the argument with U+FFFD, and the pattern is made again from its bytes.
        typed("--exclude $'a\\xfe' \"$D\"", "backup", "-r", repo);
        assertThat(CliRun.of("ls", "-r", repo, "latest", data.toString()).out()).contains(data + "/a\\xff\n")
                .doesNotContain("a\\xfe");

        Files.write(excludes, new byte[] {'[', (byte) 0xff, '\n'});
        CliRun refused = CliRun.of("backup", "-r", repo, "--exclude-file", excludes.toString(), data.toString());
        assertThat(refused.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).isEqualTo("arca: " + excludes + ":1: exclude pattern '[\\xff' is not valid: "
                + "Missing ']' at character 2\n"
                + "HINT: patterns are globs: *.tmp matches a name anywhere, /srv/cache/** a whole path, cache/ directories only\n");
    }

    /** Runs arca in a JVM of its own, without --add-opens java.base/sun.nio.fs. */
    private static OwnJvm run(String... args) throws Exception {
        return OwnJvm.run(List.of(), args);
    }
}
