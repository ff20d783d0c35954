package dev.arca.plan.policy;

import dev.arca.plan.time.CronExpression;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * The longest time that a set of cron schedules leaves without a run, over a whole year, which is
 * the worst-case data loss of anything protected only by those runs.
 */
public final class ScheduleGap {
    /** A fixed, ordinary year (2026 starts on a Thursday), so that results do not depend on today. */
    private static final ZonedDateTime START = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final ZonedDateTime END = START.plusYears(1);
    /** One run a minute for a year; anything more often is capped at the one-minute resolution. */
    private static final int MAX_RUNS = 530_000;

    private ScheduleGap() {
    }

    /** The longest gap between consecutive runs of any of the schedules, or empty if there are none. */
    public static Optional<Duration> longest(Collection<CronExpression> schedules) {
        LongStream.Builder runs = LongStream.builder();
        int count = 0;
        long wrap = Long.MAX_VALUE;
        for (CronExpression cron : schedules) {
            if (!cron.firesEver(START)) {
                continue;
            }
            ZonedDateTime t = cron.next(START.minusMinutes(1));
            while (t.isBefore(END) && count < MAX_RUNS) {
                runs.add(t.toEpochSecond() / 60);
                count++;
                t = cron.next(t);
            }
            wrap = Math.min(wrap, t.toEpochSecond() / 60);
        }
        if (wrap == Long.MAX_VALUE) {
            return Optional.empty();
        }
        // The wrap-around gap: from the last run of the year to the first run of the next one.
        runs.add(wrap);
        long[] minutes = runs.build().sorted().toArray();
        long longest = 0;
        for (int i = 1; i < minutes.length; i++) {
            longest = Math.max(longest, minutes[i] - minutes[i - 1]);
        }
        return Optional.of(Duration.ofMinutes(longest));
    }
}
