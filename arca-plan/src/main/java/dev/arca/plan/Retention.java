package dev.arca.plan;

import java.time.Duration;
import java.util.Optional;

/**
 * What to keep, restic style: the newest {@code last} snapshots, the newest per hour, day, week,
 * month and year (grandfather-father-son), everything younger than {@code within}; database logs
 * younger than {@code logs}. A count of 0 keeps nothing by that rule.
 */
public record Retention(
        int last,
        int hourly,
        int daily,
        int weekly,
        int monthly,
        int yearly,
        Optional<Duration> within,
        Optional<Duration> logs) {

    /** Keeps everything: the retention of a plan that declares none. */
    public static final Retention KEEP_ALL = new Retention(0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty());

    /** Whether no rule is set, in which case nothing is ever forgotten. */
    public boolean keepsEverything() {
        return last == 0 && hourly == 0 && daily == 0 && weekly == 0 && monthly == 0 && yearly == 0
                && within.isEmpty();
    }
}
