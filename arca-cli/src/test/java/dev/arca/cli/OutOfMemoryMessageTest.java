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
        long mib = Runtime.getRuntime().maxMemory() >> 20;
        assertThat(text.toString()).isEqualTo("arca: out of memory: the Java heap (" + mib + " MiB) is too small for this job\n"
                + "HINT: give it more, e.g. ARCA_JAVA_OPTS=-Xmx" + Math.max(512, 2 * mib) + "m; check and prune need "
                + "about 200 MiB per million blobs (1 TiB of unique data)\n");
    }

    @Test
    void theExampleHeapIsTwiceTheOneThatRanOutAndNeverBelow512MiB() {
        // 92 MiB is what the JVM reports for the launcher's -Xmx96m; 6 GiB is check's heap on a 24 GiB machine.
        assertThat(Arca.outOfMemoryMessage(92L << 20)).isEqualTo(
                "arca: out of memory: the Java heap (92 MiB) is too small for this job\n"
                + "HINT: give it more, e.g. ARCA_JAVA_OPTS=-Xmx512m; check and prune need about 200 MiB per million "
                + "blobs (1 TiB of unique data)\n");
        assertThat(Arca.outOfMemoryMessage(6144L << 20)).isEqualTo(
                "arca: out of memory: the Java heap (6144 MiB) is too small for this job\n"
                + "HINT: give it more, e.g. ARCA_JAVA_OPTS=-Xmx12288m; check and prune need about 200 MiB per million "
                + "blobs (1 TiB of unique data)\n");
    }
}
