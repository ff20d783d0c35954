package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of backups and prunes, in a real child process: afterwards the
 * repository checks clean with --read-data, every snapshot that existed before restores byte for
 * byte, and the next backup or prune succeeds.
 */
class CrashSafetyTest {
    private static final int BACKUP_TRIALS = 12;
    private static final int PRUNE_TRIALS = 10;

    @TempDir
    Path tmp;

    private final Random random = new Random(20261126);
    private final Map<String, Map<String, String>> restorable = new LinkedHashMap<>();

    private static CliRun arca(String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0], Clock.systemUTC(), args);
    }

    /** Runs arca in a child JVM and kills it with SIGKILL after {@code millis}; returns whether it finished first. */
    /**
     * A kill time inside a run of {@code millis} (one run timed unkilled): fixed delays went stale as the
     * commands got faster, until most runs finished before their kill and the trials proved nothing.
     */
    private long within(long millis) {
        long from = Math.max(150, millis / 5);
        return from + random.nextInt((int) Math.max(100, millis * 9 / 10 - from));
    }

    /** The wall time of one full, unkilled run. */
    private static long timed(String... args) throws Exception {
        long start = System.nanoTime();
        assertThat(killAfter(120_000, args)).as("a timing run of " + String.join(" ", args)).isTrue();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static boolean killAfter(long millis, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.arca.cli.Arca"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("ARCA_PASSWORD", CliRun.PASSWORD);
        Process p = pb.start();
        if (p.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return true;
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        p.waitFor();
        return false;
    }

    private void change(Path data, int round) throws IOException {
        byte[] fresh = new byte[(2 + random.nextInt(6)) << 20];
        random.nextBytes(fresh);
        Files.write(data.resolve("upload-" + round + ".bin"), fresh);
        Files.writeString(data.resolve("log.txt"), ("round " + round + " ticket\n").repeat(20_000),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private String backupInProcess(Path repo, Path data) throws IOException {
        CliRun b = arca("backup", "-r", repo.toString(), "--json", data.toString());
        assertThat(b.exit()).as(b.err()).isZero();
        String id = new ObjectMapper().readTree(b.out()).get("snapshot").asText();
        restorable.put(id, DemoData.manifest(data));
        return id;
    }

    private void assertHealthy(Path repo, Path data, String context) throws IOException {
        CliRun check = arca("check", "-r", repo.toString(), "--read-data");
        assertThat(check.exit()).as(context + ": check --read-data\n" + check.out() + check.err()).isZero();
        JsonNode snaps = new ObjectMapper().readTree(arca("snapshots", "-r", repo.toString(), "--json").out());
        List<String> present = new ArrayList<>();
        snaps.forEach(s -> present.add(s.get("id").asText()));
        List<Map.Entry<String, Map<String, String>>> alive = restorable.entrySet().stream()
                .filter(e -> present.contains(e.getKey())).toList();
        // The oldest and the three newest surviving snapshots: enough to catch damage, cheap enough for CI.
        for (int i = 0; i < alive.size(); i++) {
            if (i != 0 && i < alive.size() - 3) {
                continue;
            }
            Map.Entry<String, Map<String, String>> e = alive.get(i);
            Path target = Files.createTempDirectory(tmp, "restore");
            CliRun r = arca("restore", "-r", repo.toString(), e.getKey().substring(0, 12), "--target", target.toString());
            assertThat(r.exit()).as(context + ": restore " + e.getKey() + "\n" + r.err()).isZero();
            assertThat(DemoData.manifest(target.resolve(data.toString().substring(1)))).as(context + ": content of "
                    + e.getKey()).isEqualTo(e.getValue());
            DemoCommand.delete(target);
        }
    }

    @Test
    void killedBackupsAndPrunesNeverDamageWhatWasStored() throws Exception {
        Path repo = tmp.resolve("repo");
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        assertThat(arca("init", "-r", repo.toString()).exit()).isZero();
        change(data, 0);
        backupInProcess(repo, data);

        change(data, 0);
        long backupTime = timed("backup", "-r", repo.toString(), data.toString());
        int finished = 0;
        for (int trial = 1; trial <= BACKUP_TRIALS; trial++) {
            change(data, trial);
            long delay = within(backupTime);
            if (killAfter(delay, "backup", "-r", repo.toString(), data.toString())) {
                finished++;
            }
            assertHealthy(repo, data, "backup trial " + trial + " killed after " + delay + " ms");
            backupInProcess(repo, data);
        }

        long pruneTime = timed("forget", "-r", repo.toString(), "--keep-last", "3", "--prune");
        for (int trial = 1; trial <= PRUNE_TRIALS; trial++) {
            Files.delete(data.resolve("upload-" + (trial - 1) + ".bin"));
            backupInProcess(repo, data);
            long delay = within(pruneTime);
            if (killAfter(delay, "forget", "-r", repo.toString(), "--keep-last", "3", "--prune")) {
                finished++;
            }
            assertHealthy(repo, data, "prune trial " + trial + " killed after " + delay + " ms");
            CliRun prune = arca("prune", "-r", repo.toString());
            assertThat(prune.exit()).as("prune after trial " + trial + ": " + prune.err()).isZero();
        }
        // Most trials must really have been interrupted, or the test proves nothing.
        assertThat(finished).as("runs that finished before the kill").isLessThan((BACKUP_TRIALS + PRUNE_TRIALS) / 2);
        assertHealthy(repo, data, "after all trials");
    }
}
