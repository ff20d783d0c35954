package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a real, small file system that fills up mid-backup: the error says what happened
 * and what to do, and nothing stored before is lost. Needs root to mount a tmpfs (CI runs as root);
 * skipped elsewhere.
 */
class DiskFullTest {
    @TempDir
    Path tmp;

    private Path mount;
    private boolean mounted;

    private static int run(String... cmd) throws IOException, InterruptedException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectories(tmp.resolve("small"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", mount.toString()) == 0;
        assumeTrue(mounted, "needs permission to mount a tmpfs");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", mount.toString());
        }
    }

    private static CliRun arca(String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0], Clock.systemUTC(), args);
    }

    @Test
    void aFullDiskFailsTheBackupClearlyAndKeepsWhatWasStored() throws IOException {
        Path repo = mount.resolve("repo");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("config.yml"), "listen: 8080\n".repeat(1000));
        assertThat(arca("init", "-r", repo.toString()).exit()).isZero();
        assertThat(arca("backup", "-r", repo.toString(), data.toString()).exit()).isZero();

        byte[] big = new byte[24 << 20];
        new Random(3).nextBytes(big);
        Files.write(data.resolve("attachment.bin"), big);
        CliRun full = arca("backup", "-r", repo.toString(), data.toString());
        assertThat(full.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(full.err()).contains("No space left on device")
                .contains("HINT: free space on the repository's disk; what was stored before is intact, "
                        + "and 'arca prune' removes what the failed run left");

        Files.delete(data.resolve("attachment.bin"));
        CliRun check = arca("check", "-r", repo.toString(), "--read-data");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        Path target = tmp.resolve("restore");
        assertThat(arca("restore", "-r", repo.toString(), "latest", "--target", target.toString()).exit()).isZero();
        assertThat(Files.readString(target.resolve(data.toString().substring(1)).resolve("config.yml")))
                .isEqualTo("listen: 8080\n".repeat(1000));
        assertThat(arca("prune", "-r", repo.toString()).exit()).isZero();
        assertThat(arca("backup", "-r", repo.toString(), data.toString()).exit()).isZero();
    }
}
