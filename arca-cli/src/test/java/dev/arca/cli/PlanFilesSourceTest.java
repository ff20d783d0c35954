package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan's files source carries its excludes and cache rule into the backup it declares. */
class PlanFilesSourceTest {
    @TempDir
    Path dir;

    @Test
    void aPlansFilesSourceLeavesOutExcludedFilesAndTaggedCaches() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("ticket.txt"), "printer on fire");
        Files.writeString(data.resolve("upload.tmp"), "half an upload");
        Path cache = Files.createDirectories(data.resolve("thumbnails"));
        Files.writeString(cache.resolve("CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n");
        Files.writeString(cache.resolve("t1.png"), "thumbnail");
        Path plan = dir.resolve("arca.yaml");
        Files.writeString(plan, PlanYaml.withLocalRepository(dir.resolve("nas"),
                "  ticketing:",
                "    tier: gold",
                "    sources:",
                "      uploads: {type: files, paths: [\"" + data + "\"], excludes: [\"*.tmp\"], exclude-caches: true,",
                "                one-file-system: true}"));
        assertThat(CliRun.of("init", "-r", dir.resolve("nas").toString()).exit()).isZero();

        CliRun backup = CliRun.of("backup", "--plan", plan.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();

        CliRun ls = CliRun.of("ls", "-r", dir.resolve("nas").toString(), "latest");
        assertThat(ls.out()).contains(data.resolve("ticket.txt").toString(), cache.resolve("CACHEDIR.TAG").toString())
                .doesNotContain("upload.tmp").doesNotContain("t1.png");
    }
}
