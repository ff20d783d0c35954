package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker thread that dies of OutOfMemoryError ends the process with arca's message, instead of a hang. */
class OutOfMemoryExitTest {
    /** Installs arca's handler, lets a worker die of OutOfMemoryError, and waits as a backup's main thread would. */
    public static void main(String[] args) throws Exception {
        Arca.exitOnOutOfMemory();
        Thread worker = new Thread(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, "arca-blob");
        worker.start();
        Thread.sleep(60_000);
        System.exit(0);
    }

    @Test
    void aWorkerThatRunsOutOfHeapEndsTheProcessWithTheHint() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), OutOfMemoryExitTest.class.getName()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited instead of waiting for the dead worker").isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(ExitCode.FAILURE);
        assertThat(err).matches("arca: out of memory: the Java heap \\(\\d+ MiB\\) is too small for this job\\n"
                + "HINT: give it more, e.g. ARCA_JAVA_OPTS=-Xmx512m; check and prune need about 200 MiB per million "
                + "blobs \\(1 TiB of unique data\\)\\n");
    }
}
