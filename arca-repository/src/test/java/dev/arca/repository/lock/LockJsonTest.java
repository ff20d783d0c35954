package dev.arca.repository.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.LegacyMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Locks and release notes are written as the object mapper wrote them, and read back the same. */
class LockJsonTest {
    @Test
    void writesWhatTheMapperWroteAndReadsItBack() throws Exception {
        Lock lock = new Lock(null, true, "prune", "db1", 4242, Instant.parse("2026-11-27T09:59:58.12Z"), "root",
                Instant.parse("2026-11-27T10:00:00.5Z"), Instant.parse("2026-11-27T10:05:00Z"));
        byte[] legacy = LegacyMapper.JSON.writeValueAsBytes(lock);

        assertThat(new String(LockJson.write(lock), StandardCharsets.UTF_8)).isEqualTo(new String(legacy, StandardCharsets.UTF_8));
        assertThat(LockJson.read(legacy, "9f3e")).isEqualTo(lock.withName("9f3e"));
    }

    @Test
    void aLockWrittenBeforeStartTimesWereRecordedReadsWithoutOne() throws Exception {
        byte[] old = ("{\"exclusive\":false,\"operation\":\"backup\",\"host\":\"fs1\",\"pid\":4242,\"user\":\"backup\","
                + "\"created\":\"2026-11-26T12:00:00Z\",\"refreshed\":\"2026-11-26T12:05:00Z\"}").getBytes(StandardCharsets.UTF_8);

        Lock lock = LockJson.read(old, "9f3e");

        assertThat(lock.started()).isNull();
        assertThat(lock.pid()).isEqualTo(4242);
    }

    @Test
    void releaseNotesToo() throws Exception {
        byte[] legacy = LegacyMapper.JSON.writeValueAsBytes(Map.of("released", "9f3e"));

        assertThat(LockJson.releaseNote("9f3e")).isEqualTo(legacy);
        assertThat(LockJson.released(legacy, "9f3e.released")).isEqualTo("9f3e");
    }

    @Test
    void damageIsNamed() {
        assertThatThrownBy(() -> LockJson.read("{\"exclusive\":\"yes\"}".getBytes(StandardCharsets.UTF_8), "9f3e"))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageStartingWith("lock 9f3e: not a valid Lock document: exclusive: expected a boolean, got VALUE_STRING");
    }
}
