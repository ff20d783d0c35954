package dev.arca.protect.mariadb;

import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.log.LogFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The binlog files that follow a dump without a hole: from the dump's file, each next number in turn,
 * as long as the repository holds it. A missing file ends the chain, and so does a file stored only in
 * part when later files exist (the stream lost its tail): what follows cannot be replayed in order.
 *
 * @param files the files to replay, the dump's own file first
 * @param to the newest moment the chain restores to: when its newest stored bytes had arrived
 * @param brokenBy why the chain ends before the newest stored binlog, if it does
 */
record BinlogChain(DumpPoint dump, List<LogFile> files, Instant to, Optional<String> brokenBy) {

    BinlogChain {
        files = List.copyOf(files);
    }

    static BinlogChain of(DumpPoint dump, List<LogFile> stored) {
        Map<BinlogName, LogFile> byName = new TreeMap<>();
        for (LogFile f : stored) {
            BinlogName.parse(f.log()).filter(n -> n.base().equals(dump.file().base())).ifPresent(n -> byName.put(n, f));
        }
        BinlogName newest = byName.isEmpty() ? null : ((TreeMap<BinlogName, LogFile>) byName).lastKey();
        List<LogFile> chain = new ArrayList<>();
        Optional<String> broken = Optional.empty();
        for (BinlogName n = dump.file(); newest != null && n.compareTo(newest) <= 0; n = n.next()) {
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
        Instant to = dump.time();
        if (!chain.isEmpty()) {
            LogFile last = chain.getLast();
            boolean pastDump = chain.size() > 1 || last.end() >= dump.position();
            if (pastDump && last.lastTime().isAfter(to)) {
                to = last.lastTime();
            }
        }
        return new BinlogChain(dump, chain, to, broken);
    }

    RecoveryWindow window() {
        return new RecoveryWindow(dump.time(), to, dump.snapshot().shortId(), brokenBy);
    }
}
