package dev.arca.plan.retention;

import java.time.ZonedDateTime;
import java.util.Optional;

/** One calendar rule's progress through one group, walked newest to oldest. */
final class BucketCounter {
    private final CalendarBucket bucket;
    private int left;
    private String lastKept;

    BucketCounter(CalendarBucket bucket, int count) {
        this.bucket = bucket;
        this.left = count;
    }

    /**
     * The reason to keep the next (older) snapshot, if this rule claims it. Only the first
     * snapshot met in a bucket is claimed, which is the bucket's newest since the walk runs
     * newest first; buckets without snapshots are never met, so they use up no count.
     *
     * <p>As in restic since 0.16, the group's oldest snapshot is claimed even from an already
     * claimed bucket while the rule still has counts left: a policy asking for seven years of
     * history on a repository that started mid-year would otherwise drop its earliest data.
     */
    Optional<String> claim(ZonedDateTime time, boolean oldest) {
        if (left == 0) {
            return Optional.empty();
        }
        String label = bucket.label(time);
        boolean sameBucket = label.equals(lastKept);
        if (sameBucket && !oldest) {
            return Optional.empty();
        }
        lastKept = label;
        left--;
        return Optional.of(sameBucket
                ? "oldest " + bucket.word() + " snapshot (rule not filled)"
                : bucket.word() + " snapshot for " + label);
    }
}
