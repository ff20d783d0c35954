package dev.arca.protect.mariadb;

import dev.arca.repository.snapshot.Snapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a dump stands in the binlog, as its snapshot's consistency map records it: replaying the
 * binlog from {@code file}:{@code position} on top of the dump brings the data forward from {@code time}.
 *
 * @param databases the databases the dump holds; empty for all of them
 */
record DumpPoint(Snapshot snapshot, BinlogName file, long position, Optional<String> gtid, Instant time,
                 List<String> databases) {
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

    DumpPoint {
        databases = List.copyOf(databases);
    }

    /** The dump point of a snapshot taken by this source; empty for snapshots that are not MariaDB dumps. */
    static Optional<DumpPoint> of(Snapshot s) {
        Map<String, String> c = s.consistency();
        if (c == null || !"dump".equals(c.get(METHOD)) || !c.containsKey(BINLOG_FILE)) {
            return Optional.empty();
        }
        Optional<BinlogName> file = BinlogName.parse(c.get(BINLOG_FILE));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String dbs = c.getOrDefault(DATABASES, "");
        return Optional.of(new DumpPoint(s, file.get(), Long.parseLong(c.get(BINLOG_POSITION)),
                Optional.ofNullable(c.get(GTID)), Instant.parse(c.get(CONSISTENT_AT)),
                dbs.isEmpty() ? List.of() : List.of(dbs.split(","))));
    }

    /** The consistency map of a dump, as {@link #of} reads it back. */
    static Map<String, String> consistency(PositionTap tap, Instant start, Instant stop, List<String> databases,
                                           Endpoint server) {
        Map<String, String> c = new HashMap<>();
        c.put(METHOD, "dump");
        c.put(BINLOG_FILE, tap.binlogFile().orElseThrow());
        c.put(BINLOG_POSITION, Long.toString(tap.binlogPosition()));
        tap.gtid().ifPresent(g -> c.put(GTID, g));
        c.put(CONSISTENT_AT, tap.seenAt().orElseThrow().toString());
        c.put(START_TIME, start.toString());
        c.put(STOP_TIME, stop.toString());
        c.put(DATABASES, String.join(",", databases));
        c.put(SERVER, server.address());
        return c;
    }
}
