package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OutOfMemoryMessageTest {
    @Test
    void aHeapTooSmallForTheJobSaysHowToGiveItMore() {
        StringWriter text = new StringWriter();
        // How a worker thread's failure reaches the command: wrapped, with the error as the cause.
        IOException failed = new IOException("backup failed: java.lang.OutOfMemoryError: Java heap space",
                new OutOfMemoryError("Java heap space"));

        int code = Arca.failure(failed, new PrintWriter(text, true));

        assertThat(code).isEqualTo(ExitCode.FAILURE);
        assertThat(text.toString()).isEqualTo("arca: out of memory: the Java heap (" + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB) is too small for this job\n"
                + "HINT: give it more, e.g. ARCA_JAVA_OPTS=-Xmx512m; check and prune need about 200 MiB per million "
                + "blobs (1 TiB of unique data)\n");
    }
}
