package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Darca.trace=true, which bench/phases.sh reads: the marks of a backup, in order, and none without it. */
class PhaseTraceTest {
    @TempDir
    Path dir;

    @Test
    void aTracedBackupMarksEachPhaseInOrder() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "hello\n".repeat(1000));
        assertThat(run(false, "init", "-r", dir.resolve("repo").toString())).isEmpty();

        List<String> marks = run(true, "backup", "-r", dir.resolve("repo").toString(), data.toString());

        assertThat(marks).containsExactly("main", "open", "key-slots-read", "key-derived", "opened", "locked",
                "walked", "read", "flushed");
    }

    /** Runs arca in a JVM of its own; returns the phases of its trace lines. */
    private static List<String> run(boolean traced, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Darca.trace=" + traced, "-cp", System.getProperty("java.class.path"), "dev.arca.cli.Arca"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("ARCA_PASSWORD", CliRun.PASSWORD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        List<String> phases = new ArrayList<>();
        for (String line : err.lines().toList()) {
            String[] parts = line.split(" ");
            if (parts[0].equals("arca-trace")) {
                assertThat(parts).as(line).hasSize(3);
                assertThat(Long.parseLong(parts[2])).as(line).isPositive();
                phases.add(parts[1]);
            }
        }
        return phases;
    }
}
