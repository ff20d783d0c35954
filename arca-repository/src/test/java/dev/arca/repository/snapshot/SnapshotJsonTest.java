package dev.arca.repository.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.LegacyMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshots are written as the object mapper wrote them, and what it wrote reads back the same. */
class SnapshotJsonTest {
    private static final Snapshot FULL = new Snapshot(null, Instant.parse("2026-11-27T10:00:00.123456789Z"), "db1", "root",
            "ticketing/db", List.of("/srv/a", "/srv/b"), List.of("nightly"), "ab".repeat(32), "cd".repeat(32),
            new Snapshot.Summary(3241, 6, 1_372_987_719L, 3221, 12, 11_800_000L, 8_800_000L, 1040, 1),
            Map.of("lsn", "0/3000148"), "arca");
    private static final Snapshot SPARSE = new Snapshot(null, Instant.parse("2026-11-27T10:00:00Z"), "h", "u", "files",
            List.of("/"), null, "ef".repeat(32), null, null, null, null);

    @Test
    void writesWhatTheMapperWroteAndReadsItBack() throws Exception {
        for (Snapshot s : List.of(FULL, SPARSE)) {
            byte[] legacy = LegacyMapper.JSON.writeValueAsBytes(s);

            assertThat(new String(SnapshotJson.write(s), StandardCharsets.UTF_8))
                    .isEqualTo(new String(legacy, StandardCharsets.UTF_8));
            assertThat(SnapshotJson.read(legacy, "snapshot x")).isEqualTo(s);
            assertThat(LegacyMapper.JSON.readValue(SnapshotJson.write(s), Snapshot.class)).isEqualTo(s);
        }
    }

    @Test
    void theIdIsTheDocumentsNameNotAField() {
        assertThat(new String(SnapshotJson.write(FULL.withId("0123")), StandardCharsets.UTF_8)).doesNotContain("0123");
    }

    @Test
    void damageIsNamed() {
        assertThatThrownBy(() -> SnapshotJson.read("{\"time\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8), "snapshot 5c9a"))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("snapshot 5c9a: not a valid Snapshot document: not a time: 'yesterday'");
        assertThatThrownBy(() -> SnapshotJson.read("{\"paths\":[\"/\"],\"summary\":{\"files\":1,\"dirs\":2}}"
                .getBytes(StandardCharsets.UTF_8), "snapshot 5c9a"))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("snapshot 5c9a: not a valid Snapshot document: unknown field 'summary.dirs'");
        assertThatThrownBy(() -> SnapshotJson.read("{\"paths\":[\"/\"]} {}".getBytes(StandardCharsets.UTF_8), "snapshot 5c9a"))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("snapshot 5c9a: not a valid Snapshot document: data after the document");
    }
}
