package dev.arca.protect.mariadb;

import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.log.LogFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The binlog files that follow a base backup (a dump or a physical backup) without a hole: from the
 * backup's file, each next number in turn,
 * as long as the repository holds it. A missing file ends the chain, and so does a file stored only in
 * part when later files exist (the stream lost its tail): what follows cannot be replayed in order.
 *
 * @param files the files to replay, the backup's own file first
 * @param to the newest moment the chain restores to: when its newest stored bytes had arrived
 * @param brokenBy why the chain ends before the newest stored binlog, if it does
 */
record BinlogChain(BackupPoint base, List<LogFile> files, Instant to, Optional<String> brokenBy) {

    BinlogChain {
        files = List.copyOf(files);
    }

    static BinlogChain of(BackupPoint base, List<LogFile> stored) {
        Map<BinlogName, LogFile> byName = new TreeMap<>();
        for (LogFile f : stored) {
            BinlogName.parse(f.log()).filter(n -> n.base().equals(base.file().base())).ifPresent(n -> byName.put(n, f));
        }
        BinlogName newest = byName.isEmpty() ? null : ((TreeMap<BinlogName, LogFile>) byName).lastKey();
        List<LogFile> chain = new ArrayList<>();
        Optional<String> broken = Optional.empty();
        for (BinlogName n = base.file(); newest != null && n.compareTo(newest) <= 0; n = n.next()) {
            LogFile f = byName.get(n);
            if (f == null) {
                broken = Optional.of("binlog " + n + " is missing from the repository");
                break;
            }
            chain.add(f);
            if (!f.complete()) {
                if (n.compareTo(newest) < 0) {
                    broken = Optional.of("binlog " + n + " is incomplete: only its first " + f.end()
                            + " bytes are stored");
                }
                break;
            }
        }
        Instant to = base.time();
        if (!chain.isEmpty()) {
            LogFile last = chain.getLast();
            boolean pastDump = chain.size() > 1 || last.end() >= base.position();
            if (pastDump && last.lastTime().isAfter(to)) {
                to = last.lastTime();
            }
        }
        return new BinlogChain(base, chain, to, broken);
    }

    RecoveryWindow window() {
        return new RecoveryWindow(base.time(), to, base.snapshot().shortId(), brokenBy);
    }

    /**
     * The chain to restore {@code stream} to {@code at} from: the newest backup whose window holds the
     * time, or the newest backup for the latest state.
     *
     * @param chains the candidates, oldest backup first; not empty
     */
    static BinlogChain choose(String stream, List<BinlogChain> chains, PointInTime at) throws MariadbException {
        if (!(at instanceof PointInTime.At(Instant time))) {
            return chains.getLast();
        }
        Optional<BinlogChain> best = chains.stream().filter(c -> !c.base().time().isAfter(time) && !c.to().isBefore(time))
                .max(Comparator.comparing((BinlogChain c) -> c.base().time()));
        if (best.isPresent()) {
            return best.get();
        }
        StringBuilder b = new StringBuilder("MariaDB source " + stream + " cannot be restored to " + time
                + ": no recovery window contains it. The windows are:");
        for (BinlogChain c : chains) {
            b.append("\n  ").append(c.base().time()).append(" to ").append(c.to()).append(" (")
                    .append(c.base().kind()).append(" ").append(c.base().snapshot().shortId()).append(")");
            c.brokenBy().ifPresent(why -> b.append(", ended by a gap: ").append(why));
        }
        throw new MariadbException(b.toString(), "choose a time inside a window, or restore to latest");
    }
}
