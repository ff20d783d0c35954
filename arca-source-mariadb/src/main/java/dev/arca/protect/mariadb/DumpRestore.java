package dev.arca.protect.mariadb;

import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RestoreReport;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One point-in-time restore from a dump: check the target, load the dump, replay the binlogs.
 *
 * <p>The binlog keeps event times in whole seconds, so a target time is honoured to the second: every
 * transaction stamped with the target's second or earlier is replayed, none stamped later.
 * {@code mariadb-binlog} reads {@code --stop-datetime} in its own time zone; it runs with {@code TZ=UTC}
 * and gets the time in UTC, so the host's zone cannot shift the target.
 */
final class DumpRestore {
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");
    private static final DateTimeFormatter STOP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String stream;
    private final Repository repo;
    private final SqlClient target;
    private final Map<String, String> toolEnv;
    private final boolean replaceExisting;

    DumpRestore(String stream, Repository repo, SqlClient target, Map<String, String> toolEnv, boolean replaceExisting) {
        this.stream = stream;
        this.repo = repo;
        this.target = target;
        this.toolEnv = toolEnv;
        this.replaceExisting = replaceExisting;
    }

    /** Restores {@code chain}'s dump and replays its binlogs up to {@code at}. */
    RestoreReport run(BinlogChain chain, PointInTime at) throws IOException {
        Instant began = Instant.now();
        BackupPoint dump = chain.base();
        checkTarget(dump);
        load(dump);
        List<String> notes = new ArrayList<>();
        notes.add("loaded dump " + dump.snapshot().shortId() + " (" + dump.file() + ":" + dump.position() + ", "
                + dump.time() + ") into " + target.endpoint().address());
        Instant reached = dump.time();
        int replayed = 0;
        Path dir = Files.createTempDirectory("arca-binlogs-");
        try {
            List<Path> files = fetch(chain, dir);
            Instant newest = Instant.EPOCH;
            for (Path f : files) {
                Instant n = EventWalk.of(f).newest();
                newest = n.isAfter(newest) ? n : newest;
            }
            boolean anything = files.size() > 1 || (!files.isEmpty() && Files.size(files.getFirst()) > dump.position());
            if (anything) {
                replay(files, dump, at);
                replayed = files.size();
            }
            if (at instanceof PointInTime.At(Instant time)) {
                reached = time;
            } else if (newest.isAfter(reached)) {
                reached = newest;
            }
            notes.add(anything ? "replayed " + files.size() + " binlog file(s) from " + dump.file() + ":" + dump.position()
                    + (at instanceof PointInTime.At(Instant time) ? " up to " + time + " (binlog times are whole seconds)"
                            : " to the newest stored event, " + newest)
                    : "no binlog to replay after the dump");
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        return new RestoreReport(dump.snapshot().shortId(), reached, replayed, Duration.between(began, Instant.now()), notes);
    }

    private void checkTarget(BackupPoint dump) throws IOException {
        List<String> existing = target.column("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA").stream()
                .filter(s -> !SYSTEM_SCHEMAS.contains(s))
                .filter(s -> dump.databases().isEmpty() || dump.databases().contains(s)).sorted().toList();
        if (!existing.isEmpty() && !replaceExisting) {
            throw new MariadbException(target.server() + " already has the database" + (existing.size() > 1 ? "s " : " ")
                    + String.join(", ", existing) + " that the dump of " + stream + " would overwrite",
                    "restore into an empty server, drop " + (existing.size() > 1 ? "those databases" : "that database")
                            + " first, or allow replacing existing databases explicitly");
        }
    }

    private void load(BackupPoint dump) throws IOException {
        try {
            new StoredFile(repo, dump.snapshot(), BackupPoint.DUMP_FILE)
                    .feed(target.command("mariadb", List.of("--max-allowed-packet=1G")));
        } catch (CommandFailedException e) {
            throw target.explain(e);
        }
    }

    /** Copies the chain's files out of the repository; the last one is cut after its last whole event. */
    private List<Path> fetch(BinlogChain chain, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (LogFile f : chain.files()) {
            Path p = dir.resolve(f.log());
            try (OutputStream o = Files.newOutputStream(p)) {
                repo.logs().copy(f, o);
            }
            if (!f.complete()) {
                long whole = EventWalk.of(p).completeLength();
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(whole);
                }
            }
            out.add(p);
        }
        return out;
    }

    /**
     * Pipes {@code mariadb-binlog} into the target's client. A dump of some databases replays only their
     * events, one pass per database; the binlog holds the whole server's.
     */
    private void replay(List<Path> files, BackupPoint dump, PointInTime at) throws IOException {
        List<String> passes = dump.databases().isEmpty() ? List.of("") : dump.databases();
        for (String db : passes) {
            List<String> argv = new ArrayList<>(List.of("mariadb-binlog", "--no-defaults",
                    "--start-position=" + dump.position()));
            if (!db.isEmpty()) {
                argv.add("--database=" + db);
            }
            if (at instanceof PointInTime.At(Instant time)) {
                argv.add("--stop-datetime=" + STOP.format(time.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)));
            }
            files.forEach(f -> argv.add(f.toString()));
            Map<String, String> env = new HashMap<>(toolEnv);
            env.put("TZ", "UTC");
            ExternalCommand binlog = ExternalCommand.of(argv);
            for (Map.Entry<String, String> e : env.entrySet()) {
                binlog = binlog.env(e.getKey(), e.getValue());
            }
            pipe(binlog, target.command("mariadb", List.of("--binary-mode", "--max-allowed-packet=1G")));
        }
    }

    private void pipe(ExternalCommand from, ExternalCommand into) throws IOException {
        try (ExternalCommand.Running sink = into.start(line -> { }); ExternalCommand.Running src = from.start(line -> { })) {
            try (InputStream out = src.stdout(); OutputStream in = sink.stdin()) {
                out.transferTo(in);
            } catch (IOException e) {
                if (sink.process().isAlive()) {
                    throw e;
                }
                // The client died while being fed: its own error says why.
            }
            try {
                sink.waitOk();
            } catch (CommandFailedException e) {
                throw target.explain(e);
            }
            src.waitOk();
        }
    }
}
