package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.arca.ops.status.CheckRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckHistoryTest {
    @TempDir
    Path dir;

    @Test
    void theLastCheckOfARepositoryIsKeptAndReadBack() throws Exception {
        CheckHistory history = CheckHistory.of(Map.of("ARCA_STATE_DIR", dir.toString()));
        CheckRecord record = new CheckRecord(Instant.parse("2026-11-27T11:00:00.25Z"), 2, true);
        history.record("4f2a", record);

        assertThat(history.last("4f2a")).contains(record);
        assertThat(history.last("other")).isEmpty();
    }

    @Test
    void recordsWrittenByTheObjectMapperBeforeReadTheSameAndDamagedOnesCountAsNeverChecked() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        CheckRecord record = new CheckRecord(Instant.parse("2026-11-27T11:00:00Z"), 0, false);
        Files.write(dir.resolve("old.json"), mapper.writeValueAsBytes(record));
        Files.writeString(dir.resolve("bad.json"), "{\"time\":\"2026-11-27T11:00:00Z\",\"errors\":\"none\"}");
        CheckHistory history = CheckHistory.of(Map.of("ARCA_STATE_DIR", dir.toString()));

        assertThat(history.last("old")).contains(record);
        assertThat(history.last("bad")).isEmpty();
        history.record("new", record);
        assertThat(Files.readString(dir.resolve("new.json"))).isEqualTo(mapper.writeValueAsString(record));
    }
}
