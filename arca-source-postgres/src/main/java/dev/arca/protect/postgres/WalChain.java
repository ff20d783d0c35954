package dev.arca.protect.postgres;

import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.log.LogFile;
import dev.arca.repository.snapshot.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which moments the stored base backups and WAL can restore to. A base backup is restorable once the WAL
 * from its start to its end position is stored; from there, every further segment stored without a hole
 * extends its window up to the time its newest bytes arrived.
 *
 * <p>After a failover the WAL goes on in a new timeline, from the segment that holds the switch (the new
 * timeline's copy of that segment starts with the old one's records). A base backup's WAL follows the
 * newest timeline whose history passes through the backup's timeline after the backup ended, as
 * PostgreSQL's {@code recovery_target_timeline = 'latest'} would; each segment number is taken from the
 * newest timeline on that path that had begun by it.
 */
final class WalChain {

    /**
     * A base backup with the segments that make it restorable and extend its window.
     *
     * @param timeline the timeline recovery ends on: the backup's own, or the newest one its WAL reaches
     * @param history that timeline's history file, which recovery needs to follow it (empty for the backup's own)
     */
    record Run(Snapshot snapshot, RecoveryWindow window, List<LogFile> segments, long segmentSize, int timeline,
            Optional<LogFile> history) {
    }

    /** Part of a path: from segment {@code fromSegment} on, WAL is read from {@code timeline}. */
    private record Leg(int timeline, long fromSegment) {
    }

    private WalChain() {
    }

    /** @param histories the stored timeline history files, by the timeline each describes */
    static List<Run> runs(List<Snapshot> snapshots, List<LogFile> logs, Map<Integer, TimelineHistory> histories) {
        List<Run> out = new ArrayList<>();
        for (Snapshot s : snapshots) {
            Map<String, String> c = s.consistency();
            if (c == null || !"basebackup".equals(c.get("kind"))) {
                continue;
            }
            long segSize = Long.parseLong(c.get("segmentSize"));
            int timeline = Integer.parseInt(c.get("timeline"));
            long startSeg = Long.divideUnsigned(Lsn.parse(c.get("startLsn")).value(), segSize);
            long stopSeg = Long.divideUnsigned(Lsn.parse(c.get("stopLsn")).value(), segSize);
            Instant stopTime = Instant.parse(c.get("stopTime"));
            Optional<TimelineHistory> newest = newestReachable(timeline, Lsn.parse(c.get("stopLsn")), histories);
            List<Leg> path = path(timeline, newest, segSize);
            TreeMap<Long, LogFile> segments = new TreeMap<>();
            for (LogFile f : logs) {
                WalSegment.parse(f.log(), segSize).filter(w -> w.timeline() == timelineAt(path, w.number()))
                        .ifPresent(w -> segments.put(w.number(), f));
            }
            List<LogFile> chain = new ArrayList<>();
            Optional<String> broken = Optional.empty();
            long n = startSeg;
            while (true) {
                LogFile f = segments.get(n);
                if (f == null) {
                    if (segments.higherKey(n) != null) {
                        broken = Optional.of("WAL segment " + WalSegment.name(timelineAt(path, n), n, segSize)
                                + " is missing; later WAL cannot be replayed past it");
                    }
                    break;
                }
                chain.add(f);
                if (!f.complete()) {
                    if (segments.higherKey(n) != null) {
                        broken = Optional.of("WAL segment " + f.log() + " is stored only up to byte " + f.end()
                                + "; later WAL cannot be replayed past it");
                    }
                    break;
                }
                n++;
            }
            boolean walIncluded = Boolean.parseBoolean(c.get("walIncluded"));
            long reached = chain.isEmpty() ? startSeg - 1 : startSeg + chain.size() - 1;
            boolean restorable = walIncluded || reached > stopSeg
                    || (reached == stopSeg && chain.getLast().end() >= Long.remainderUnsigned(Lsn.parse(c.get("stopLsn")).value(), segSize));
            if (!restorable) {
                continue;
            }
            Instant to = chain.stream().map(LogFile::lastTime).max(Comparator.naturalOrder()).orElse(stopTime);
            if (to.isBefore(stopTime)) {
                to = stopTime;
            }
            int last = path.getLast().timeline();
            Optional<LogFile> history = newest.flatMap(h -> logs.stream()
                    .filter(f -> f.complete() && TimelineHistory.timelineOf(f.log()).equals(Optional.of(h.timeline())))
                    .findFirst());
            out.add(new Run(s, new RecoveryWindow(stopTime, to, s.shortId(), broken), chain, segSize, last, history));
        }
        out.sort(Comparator.comparing(r -> r.window().from()));
        return out;
    }

    /**
     * The newest timeline that left {@code timeline} at or after {@code stop} (a fork before the backup ended
     * cannot be replayed from it), or empty when none did.
     */
    private static Optional<TimelineHistory> newestReachable(int timeline, Lsn stop, Map<Integer, TimelineHistory> histories) {
        return histories.values().stream()
                .filter(h -> h.timeline() > timeline && h.switches().stream()
                        .anyMatch(sw -> sw.parent() == timeline && sw.at().compareTo(stop) >= 0))
                .max(Comparator.comparingInt(TimelineHistory::timeline));
    }

    private static List<Leg> path(int timeline, Optional<TimelineHistory> newest, long segSize) {
        List<Leg> path = new ArrayList<>(List.of(new Leg(timeline, 0)));
        newest.ifPresent(h -> {
            List<TimelineHistory.Switch> sw = h.switches();
            for (int k = 0; k < sw.size(); k++) {
                if (sw.get(k).parent() < timeline) {
                    continue;
                }
                int next = k + 1 < sw.size() ? sw.get(k + 1).parent() : h.timeline();
                path.add(new Leg(next, Long.divideUnsigned(sw.get(k).at().value(), segSize)));
            }
        });
        return path;
    }

    private static int timelineAt(List<Leg> path, long segment) {
        int tl = path.getFirst().timeline();
        for (Leg leg : path) {
            if (Long.compareUnsigned(leg.fromSegment(), segment) <= 0) {
                tl = leg.timeline();
            }
        }
        return tl;
    }
}
