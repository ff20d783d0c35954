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
 */
final class WalChain {

    /** A base backup with the segments that make it restorable and extend its window. */
    record Run(Snapshot snapshot, RecoveryWindow window, List<LogFile> segments, long segmentSize, int timeline) {
    }

    private WalChain() {
    }

    static List<Run> runs(List<Snapshot> snapshots, List<LogFile> logs) {
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
            TreeMap<Long, LogFile> segments = new TreeMap<>();
            for (LogFile f : logs) {
                WalSegment.parse(f.log(), segSize).filter(w -> w.timeline() == timeline)
                        .ifPresent(w -> segments.put(w.number(), f));
            }
            List<LogFile> chain = new ArrayList<>();
            Optional<String> broken = Optional.empty();
            long n = startSeg;
            while (true) {
                LogFile f = segments.get(n);
                if (f == null) {
                    if (segments.higherKey(n) != null) {
                        broken = Optional.of("WAL segment " + WalSegment.name(timeline, n, segSize)
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
            out.add(new Run(s, new RecoveryWindow(stopTime, to, s.shortId(), broken), chain, segSize, timeline));
        }
        out.sort(Comparator.comparing(r -> r.window().from()));
        return out;
    }
}
