package dev.arca.plan.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.plan.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final LogWindow WEEK = new LogWindow(Duration.ofDays(7));

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void recentBaseBackupsLeaveTheWindowInCharge() {
        assertThat(WEEK.cutoff(NOW, List.of(daysAgo(3), daysAgo(1)))).contains(daysAgo(7));
    }

    @Test
    void anOlderKeptBaseBackupHoldsItsLogsBack() {
        assertThat(WEEK.cutoff(NOW, List.of(daysAgo(1), daysAgo(10), daysAgo(3)))).contains(daysAgo(10));
    }

    @Test
    void aBaseBackupStartingExactlyAtTheWindowEdgeGivesTheSameCutoff() {
        assertThat(WEEK.cutoff(NOW, List.of(daysAgo(7)))).contains(daysAgo(7));
    }

    @Test
    void aZeroWindowStillKeepsTheOldestBaseBackupRecoverable() {
        assertThat(new LogWindow(Duration.ZERO).cutoff(NOW, List.of(daysAgo(1)))).contains(daysAgo(1));
    }

    @Test
    void withoutABaseBackupNoLogIsDropped() {
        assertThat(WEEK.cutoff(NOW, List.of())).isEmpty();
    }

    @Test
    void readsTheWindowFromTheRetention() {
        Retention withLogs = new Retention(0, 30, 0, 0, 0, 0, Optional.empty(), Optional.of(Duration.ofDays(7)));

        assertThat(LogWindow.of(withLogs)).contains(WEEK);
        assertThat(LogWindow.of(Retention.KEEP_ALL)).isEmpty();
    }

    @Test
    void aNegativeWindowIsRejected() {
        assertThatThrownBy(() -> new LogWindow(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
