package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeapGovernorTest {
    private static final long MIB = 1 << 20;

    @Test
    void beforeAnyFullCollectionOnlyTheFloorCounts() {
        HeapGovernor.Policy policy = new HeapGovernor.Policy(1.5, 64 * MIB);
        assertThat(policy.afterYoung(64 * MIB)).isFalse();
        assertThat(policy.afterYoung(64 * MIB + 1)).isTrue();
    }

    @Test
    void afterAFullCollectionTheOldGenerationMayGrowByTheFactor() {
        HeapGovernor.Policy policy = new HeapGovernor.Policy(1.5, 64 * MIB);
        policy.afterFull(100 * MIB);
        assertThat(policy.afterYoung(150 * MIB)).isFalse();
        assertThat(policy.afterYoung(150 * MIB + 1)).isTrue();
        policy.afterFull(20 * MIB);
        assertThat(policy.afterYoung(64 * MIB)).as("the floor still holds below it").isFalse();
    }

    @Test
    void aFactorThatWouldCollectAfterEveryYoungCollectionIsRefused() {
        assertThatThrownBy(() -> new HeapGovernor.Policy(1.0, 0))
                .hasMessage("factor must be above 1, got 1.0");
    }

    /**
     * Churns 600 MiB through a working set of 8 MiB whose every object is promoted (tenuring threshold 0)
     * and dies in the old generation, then prints the old generation's peak (MiB) and the full collections.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("governed")) {
            assertThat(HeapGovernor.start(new HeapGovernor.Policy(1.5, 16 * MIB))).isTrue();
        }
        byte[][] ring = new byte[128][];
        for (int i = 0; i < 600 * 16; i++) {
            ring[i % ring.length] = new byte[64 << 10];
            if (i % 16 == 0) {
                // A pause per MiB, as a survey spends most of its time reading and decoding rather than allocating:
                // the governor hears of a collection on another thread, and a bare loop would outrun it.
                Thread.sleep(1);
            }
        }
        MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("Tenured Gen")).findFirst().orElseThrow();
        long full = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(c -> c.getName().equals("MarkSweepCompact")).mapToLong(c -> c.getCollectionCount()).sum();
        System.out.println((old.getPeakUsage().getUsed() >> 20) + " " + full + " " + ring.length);
    }

    @Test
    void promotedGarbageIsCollectedInsteadOfGrowingTheOldGeneration() throws Exception {
        long[] governed = churn("governed");
        long[] free = churn("free");

        assertThat(free[0]).as("without the governor the old generation keeps what died in it (MiB)").isGreaterThan(400);
        assertThat(free[1]).as("full collections without the governor").isZero();
        // The full collection runs on its own thread after the notification, so the churn promotes a few
        // young collections' worth more first: the peak lies above the floor of 16 MiB.
        assertThat(governed[0]).as("with it, the old generation's peak (MiB)").isLessThan(200);
        assertThat(governed[1]).as("full collections with the governor").isPositive();
    }

    /** Runs {@link #main} in a JVM with the serial collector and a heap that may grow to 2 GiB: its peak (MiB) and full collections. */
    private static long[] churn(String mode) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms32m", "-Xmx2g", "-Xmn8m", "-XX:MaxTenuringThreshold=0",
                "-cp", System.getProperty("java.class.path"), HeapGovernorTest.class.getName(), mode));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the churn finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as("exit code of the churn, which printed '%s'", out).isZero();
        String[] words = out.split(" ");
        return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
    }
}
