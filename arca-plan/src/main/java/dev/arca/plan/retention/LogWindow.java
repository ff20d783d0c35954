package dev.arca.plan.retention;

import dev.arca.plan.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * How long database logs (WAL segments, binlog files) are kept, and the instant before which they
 * may go.
 *
 * <p>Logs only matter on top of a base backup: recovery replays them from a base backup's start
 * to the chosen point in time. Dropping logs newer than the oldest kept base backup's start would
 * leave that backup unrecoverable past its own end, so the window is a floor, never a ceiling:
 * <pre>cutoff = min(now - window, start of the oldest kept base backup)</pre>
 * A log segment may be dropped only if everything in it is older than the cutoff; a segment that
 * straddles the cutoff stays.
 *
 * @param window the point-in-time recovery range promised before now
 */
public record LogWindow(Duration window) {
    public LogWindow {
        Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("log window must not be negative: " + window);
        }
    }

    /** The retention's log window, or empty if it sets none, in which case no log is dropped. */
    public static Optional<LogWindow> of(Retention retention) {
        return retention.logs().map(LogWindow::new);
    }

    /**
     * The instant before which log segments may be dropped, or empty if nothing may be: without a
     * kept base backup Arca cannot tell which logs a base backup still in progress will need.
     *
     * @param keptBaseBackupStarts the start of every base backup that survives the forget
     */
    public Optional<Instant> cutoff(Instant now, Collection<Instant> keptBaseBackupStarts) {
        Instant windowStart = now.minus(window);
        return keptBaseBackupStarts.stream()
                .min(Comparator.naturalOrder())
                .map(oldest -> oldest.isBefore(windowStart) ? oldest : windowStart);
    }
}
