package dev.arca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A repository created with {@code --immutable-days}: forget and prune keep what is younger than the period. */
class ImmutableRepositoryTest {
    @TempDir
    Path dir;

    private static CliRun at(Instant t, String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0], Clock.fixed(t, ZoneOffset.UTC), args);
    }

    @Test
    void forgetAndPruneKeepYoungSnapshotsAndPacksUntilThePeriodEnds() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        String repo = dir.resolve("repo").toString();
        Instant now = Instant.now();
        assertThat(at(now, "init", "-r", repo, "--immutable-days", "30").exit()).isZero();
        Files.writeString(data.resolve("a.txt"), "first version");
        assertThat(at(now, "backup", "-r", repo, data.toString()).exit()).isZero();
        Files.writeString(data.resolve("a.txt"), "second version, all different");
        // A minute apart, so that "last" and "latest" are one snapshot and not a tie.
        assertThat(at(now.plusSeconds(60), "backup", "-r", repo, data.toString()).exit()).isZero();

        CliRun young = at(now.plusSeconds(86_400), "forget", "-r", repo, "--keep-last", "1", "--prune");

        assertThat(young.exit()).as(young.err()).isZero();
        assertThat(young.out()).containsPattern("keep   [0-9a-f]{8} .*\\(immutable until 20[0-9T:.-]+Z\\)")
                .contains("removed 0 snapshot(s), kept 2");
        assertThat(at(now, "snapshots", "-r", repo).out().lines().filter(l -> l.matches("[0-9a-f]{8} .*"))).hasSize(2);
        assertThat(at(now, "check", "-r", repo, "--read-data").exit()).isZero();

        CliRun old = at(now.plusSeconds(31L * 86_400), "forget", "-r", repo, "--keep-last", "1", "--prune");

        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(old.out()).contains("removed 1 snapshot(s), kept 1");
        assertThat(at(now, "check", "-r", repo, "--read-data").exit()).isZero();
        assertThat(at(now, "restore", "-r", repo, "latest", "--target", dir.resolve("r").toString()).exit()).isZero();
        assertThat(Files.readString(dir.resolve("r").resolve(data.toString().substring(1)).resolve("a.txt")))
                .isEqualTo("second version, all different");
    }

    @Test
    void aNegativePeriodIsAUsageError() {
        CliRun r = at(Instant.now(), "init", "-r", dir.resolve("x").toString(), "--immutable-days", "-3");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("arca: --immutable-days: expected a whole number of days from 0 to 36500, got '-3'\n");
    }
}
