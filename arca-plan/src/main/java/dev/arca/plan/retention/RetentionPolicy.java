package dev.arca.plan.retention;

import dev.arca.plan.Retention;
import dev.arca.plan.time.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link Retention} made applicable: which snapshots {@code forget} keeps, with restic's
 * semantics, so that a policy moved from restic keeps the same snapshots.
 *
 * <ul>
 *   <li>Each group is decided on its own. Within a group snapshots are walked newest first;
 *       snapshots taken at the same instant are ordered by id (restic keeps input order, which
 *       would make the result depend on listing order).
 *   <li>{@code last n} keeps the n newest.
 *   <li>{@code hourly}, {@code daily}, {@code weekly}, {@code monthly} and {@code yearly n} keep
 *       the newest snapshot of each of the n newest periods that have a snapshot, periods taken
 *       in {@code zone} (weeks are ISO weeks, Monday first). If a rule has counts left when the
 *       walk reaches the group's oldest snapshot, that snapshot is kept too.
 *   <li>{@code within d} keeps every snapshot strictly newer than d before the group's newest
 *       snapshot, not before now: when backups stop, the window stops with them, so a forget run
 *       by a cron job cannot empty a repository whose backups have been failing. A snapshot
 *       dated after {@code now} (a skewed clock) is not taken as the newest; the within rule
 *       keeps it instead, as restic does.
 *   <li>A snapshot carrying any of {@code keepTags} is always kept (restic's {@code --keep-tag},
 *       one tag per option).
 *   <li>A retention that {@linkplain Retention#keepsEverything() keeps everything} keeps every
 *       snapshot, whatever the tags: a plan that declares no retention never loses a backup.
 * </ul>
 *
 * @param retention the plan's retention
 * @param zone where hours, days, weeks, months and years begin
 * @param keepTags tags that protect a snapshot from every rule
 */
public record RetentionPolicy(Retention retention, ZoneId zone, Set<String> keepTags) {
    private static final Comparator<SnapshotRef> NEWEST_FIRST =
            Comparator.comparing(SnapshotRef::time).reversed().thenComparing(SnapshotRef::id);

    public RetentionPolicy {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(zone, "zone");
        keepTags = Set.copyOf(keepTags);
        if (retention.last() < 0) {
            throw new IllegalArgumentException("keep-last must not be negative: " + retention.last());
        }
        for (CalendarBucket bucket : CalendarBucket.values()) {
            if (bucket.count(retention) < 0) {
                throw new IllegalArgumentException(
                        "keep-" + bucket.word() + " must not be negative: " + bucket.count(retention));
            }
        }
        if (retention.within().filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("keep-within must not be negative: " + retention.within().get());
        }
    }

    /** A policy without protecting tags. */
    public RetentionPolicy(Retention retention, ZoneId zone) {
        this(retention, zone, Set.of());
    }

    /**
     * A decision for every snapshot: groups in the order of their keys, each newest first.
     *
     * @param now the instant the forget runs, only used to recognise snapshots dated in the future
     */
    public List<Decision> decide(Collection<SnapshotRef> snapshots, Instant now) {
        Map<String, List<SnapshotRef>> groups = new TreeMap<>();
        for (SnapshotRef s : snapshots) {
            groups.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
        }
        List<Decision> decisions = new ArrayList<>(snapshots.size());
        for (List<SnapshotRef> group : groups.values()) {
            group.sort(NEWEST_FIRST);
            decisions.addAll(decideGroup(group, now));
        }
        return decisions;
    }

    private List<Decision> decideGroup(List<SnapshotRef> newestFirst, Instant now) {
        if (retention.keepsEverything()) {
            return newestFirst.stream().map(s -> new Decision(s, List.of("no retention rule set"))).toList();
        }
        List<BucketCounter> counters = new ArrayList<>();
        for (CalendarBucket bucket : CalendarBucket.values()) {
            counters.add(new BucketCounter(bucket, bucket.count(retention)));
        }
        // With every snapshot in the future there is no newest; each is kept as future anyway.
        Instant newest = newestFirst.stream().map(SnapshotRef::time).filter(t -> !t.isAfter(now))
                .findFirst().orElse(now);
        List<Decision> decisions = new ArrayList<>(newestFirst.size());
        for (int i = 0; i < newestFirst.size(); i++) {
            SnapshotRef s = newestFirst.get(i);
            List<String> reasons = new ArrayList<>();
            s.tags().stream().filter(keepTags::contains).sorted().forEach(tag -> reasons.add("has tag " + tag));
            retention.within().ifPresent(d -> withinReason(s.time(), d, newest, now).ifPresent(reasons::add));
            if (i < retention.last()) {
                reasons.add("last snapshot");
            }
            boolean oldest = i == newestFirst.size() - 1;
            for (BucketCounter counter : counters) {
                counter.claim(s.time().atZone(zone), oldest).ifPresent(reasons::add);
            }
            decisions.add(new Decision(s, reasons));
        }
        return decisions;
    }

    private static Optional<String> withinReason(Instant time, Duration within, Instant newest, Instant now) {
        if (time.isAfter(now)) {
            return Optional.of("dated in the future");
        }
        if (time.isAfter(newest.minus(within))) {
            return Optional.of("within " + DurationText.format(within) + " of the newest");
        }
        return Optional.empty();
    }
}
