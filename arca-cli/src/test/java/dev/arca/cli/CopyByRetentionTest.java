package dev.arca.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code arca copy --plan}: an archive repository receives only what its own retention keeps. */
class CopyByRetentionTest {
    @TempDir
    Path dir;

    private static CliRun at(String time, String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0],
                Clock.fixed(Instant.parse(time), ZoneOffset.UTC), args);
    }

    @Test
    void theArchiveTierGetsOnlyTheSnapshotsItsRetentionKeeps() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path plan = dir.resolve("arca.yaml");
        Files.writeString(plan, String.join("\n",
                "version: 1",
                "tiers:",
                "  gold: {rto: 15m, rpo: 1h, priority: 1}",
                "repositories:",
                "  nas: {url: \"" + dir.resolve("nas") + "\", site: primary, media: disk}",
                "  archive:",
                "    url: \"" + dir.resolve("archive") + "\"",
                "    site: cloud",
                "    media: object",
                "    retention: {yearly: 2}",
                "systems:",
                "  app: {tier: gold, sources: {files: {type: files, paths: [\"" + data + "\"]}}}",
                ""));
        String nas = dir.resolve("nas").toString();
        assertThat(at("2024-06-01T00:00:00Z", "init", "-r", nas).exit()).isZero();
        for (String year : new String[] {"2024", "2025", "2026"}) {
            Files.writeString(data.resolve("report.txt"), "report of " + year);
            assertThat(at(year + "-06-01T00:00:00Z", "backup", "-r", nas, data.toString()).exit()).isZero();
        }
        assertThat(at("2026-06-02T00:00:00Z", "init", "-r", dir.resolve("archive").toString(), "--like", nas).exit()).isZero();

        CliRun copy = at("2026-06-02T00:00:00Z", "copy", "--plan", plan.toString(), "--from", "nas", "--to", "archive");

        assertThat(copy.exit()).as(copy.err()).isZero();
        assertThat(copy.out()).contains("copied 2 snapshots (0 already there, 0 failed)");
        var listed = new ObjectMapper().readTree(at("2026-06-02T00:00:00Z", "snapshots", "-r",
                dir.resolve("archive").toString(), "--json").out());
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("time").asText()).startsWith("2025-06-01");
        assertThat(listed.get(1).get("time").asText()).startsWith("2026-06-01");
    }
}
