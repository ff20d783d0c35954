package dev.arca.protect.mariadb;

import dev.arca.plan.Source;
import dev.arca.repository.snapshot.Snapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a base backup (a dump or a physical copy) stands in the binlog, as its snapshot's consistency
 * map records it: replaying the binlog from {@code file}:{@code position} on top of the backup brings
 * the data forward from {@code time}.
 *
 * @param databases the databases the backup holds; empty for all of them
 */
record BackupPoint(Snapshot snapshot, Source.Mariadb.Method method, BinlogName file, long position,
                   Optional<String> gtid, Instant time, List<String> databases) {
    static final String METHOD = "method";
    static final String BINLOG_FILE = "binlogFile";
    static final String BINLOG_POSITION = "binlogPosition";
    static final String GTID = "gtid";
    static final String CONSISTENT_AT = "consistentAt";
    static final String START_TIME = "startTime";
    static final String STOP_TIME = "stopTime";
    static final String DATABASES = "databases";
    static final String SERVER = "server";
    /** The file a dump is stored as in its snapshot. */
    static final String DUMP_FILE = "dump.sql";
    /** The file a physical backup ({@code mariadb-backup --stream=xbstream}) is stored as in its snapshot. */
    static final String PHYSICAL_FILE = "backup.xbstream";

    BackupPoint {
        databases = List.copyOf(databases);
    }

    /** The backup point of a snapshot taken by this source; empty for snapshots that are not MariaDB backups. */
    static Optional<BackupPoint> of(Snapshot s) {
        Map<String, String> c = s.consistency();
        Optional<Source.Mariadb.Method> method = c == null ? Optional.empty() : method(c.get(METHOD));
        if (method.isEmpty() || !c.containsKey(BINLOG_FILE)) {
            return Optional.empty();
        }
        Optional<BinlogName> file = BinlogName.parse(c.get(BINLOG_FILE));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String dbs = c.getOrDefault(DATABASES, "");
        return Optional.of(new BackupPoint(s, method.get(), file.get(), Long.parseLong(c.get(BINLOG_POSITION)),
                Optional.ofNullable(c.get(GTID)), Instant.parse(c.get(CONSISTENT_AT)),
                dbs.isEmpty() ? List.of() : List.of(dbs.split(","))));
    }

    /** The consistency map of a backup, as {@link #of} reads it back. */
    static Map<String, String> consistency(Source.Mariadb.Method method, BinlogPosition at, Instant start, Instant stop,
                                           List<String> databases, Endpoint server) {
        Map<String, String> c = new HashMap<>();
        c.put(METHOD, method.name().toLowerCase(Locale.ROOT));
        c.put(BINLOG_FILE, at.file());
        c.put(BINLOG_POSITION, Long.toString(at.position()));
        at.gtid().ifPresent(g -> c.put(GTID, g));
        c.put(CONSISTENT_AT, at.seenAt().toString());
        c.put(START_TIME, start.toString());
        c.put(STOP_TIME, stop.toString());
        c.put(DATABASES, String.join(",", databases));
        c.put(SERVER, server.address());
        return c;
    }

    /** What messages call a backup of this kind. */
    String kind() {
        return method == Source.Mariadb.Method.DUMP ? "dump" : "physical backup";
    }

    private static Optional<Source.Mariadb.Method> method(String word) {
        for (Source.Mariadb.Method m : Source.Mariadb.Method.values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
