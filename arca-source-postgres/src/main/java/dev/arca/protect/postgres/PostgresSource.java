package dev.arca.protect.postgres;

import dev.arca.plan.Source;
import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.DatabaseSource;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.protect.source.RestoreReport;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.protect.source.StreamControl;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import dev.arca.repository.snapshot.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server protected by physical base backups plus streamed WAL (or, with log mode
 * {@code none}, self-contained base backups), and optionally logical dumps.
 */
public final class PostgresSource implements DatabaseSource {
    private final String stream;
    private final PgConnection conn;
    private final Source.LogMode logs;
    private final List<String> databases;
    private final PostgresTools tools;

    public PostgresSource(String stream, PgConnection conn, Source.LogMode logs, List<String> databases, PostgresTools tools) {
        this.stream = stream;
        this.conn = conn;
        this.logs = logs;
        this.databases = List.copyOf(databases);
        this.tools = tools;
    }

    /** The source a plan declares as {@code <system>/<source>}, with its password already resolved. */
    public static PostgresSource of(String system, Source.Postgres spec, Optional<String> password) {
        return new PostgresSource(system + "/" + spec.name(), new PgConnection(spec.host(), spec.port(), spec.user(), password),
                spec.logs(), spec.databases(), PostgresTools.system());
    }

    @Override
    public String stream() {
        return stream;
    }

    public PgConnection connection() {
        return conn;
    }

    /** The replication slot the WAL stream uses. */
    public String slot() {
        return new WalStream(conn, tools, stream).slot();
    }

    @Override
    public BackupResult backup(Repository repo, BackupOptions options) throws IOException {
        return new BaseBackup(conn, tools, logs == Source.LogMode.NONE).run(repo, withSource(options));
    }

    /**
     * A logical, portable backup: one {@code pg_dump -Fc} per database (the plan's, or every database that
     * accepts connections), each streamed into the snapshot as {@code <database>.dump}. Restore with
     * {@code arca restore ... --include /<db>.dump} and {@code pg_restore}.
     */
    public BackupResult dump(Repository repo, BackupOptions options) throws IOException {
        ServerProbe probe = new ServerProbe(conn, tools);
        List<String> dbs = databases.isEmpty()
                ? probe.query("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1")
                : databases;
        String version = probe.value("SHOW server_version");
        try (Archiver archiver = new Archiver(repo)) {
            return archiver.backupStreams(sink -> {
                for (String db : dbs) {
                    ExternalCommand cmd = conn.command(tools, "pg_dump", List.of("-Fc", "-Z", "0", "-d", db));
                    try (ExternalCommand.Running running = cmd.start(line -> { })) {
                        sink.add(db + ".dump", running.stdout());
                        running.waitOk();
                    } catch (CommandFailedException e) {
                        throw probe.explain(e);
                    }
                }
                Map<String, String> c = new LinkedHashMap<>();
                c.put("kind", "dump");
                c.put("databases", String.join(",", dbs));
                c.put("serverVersion", version);
                c.put("stopTime", repo.clock().instant().toString());
                return c;
            }, withSource(options));
        }
    }

    private BackupOptions withSource(BackupOptions o) {
        return new BackupOptions(o.paths(), o.excludes(), o.tags(), Optional.empty(), stream, o.host(), o.user(), o.lockWait());
    }

    @Override
    public void stream(Repository repo, Path spool, StreamControl control) throws IOException, InterruptedException {
        new WalStream(conn, tools, stream).run(repo, spool, control);
    }

    @Override
    public List<RecoveryWindow> recoveryWindows(Repository repo) throws IOException {
        List<RecoveryWindow> out = new ArrayList<>();
        for (WalChain.Run r : runs(repo)) {
            out.add(r.window());
        }
        return out;
    }

    private List<WalChain.Run> runs(Repository repo) throws IOException {
        List<Snapshot> snaps = repo.snapshots().list().stream().filter(s -> stream.equals(s.source())).toList();
        List<LogFile> logs = repo.logs().files(stream);
        Map<Integer, TimelineHistory> histories = new HashMap<>();
        for (LogFile f : logs) {
            if (f.complete() && TimelineHistory.timelineOf(f.log()).isPresent()) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                repo.logs().copy(f, text);
                try {
                    TimelineHistory h = TimelineHistory.parse(f.log(), text.toString(StandardCharsets.UTF_8));
                    histories.put(h.timeline(), h);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage() + ", stored in stream " + stream, e);
                }
            }
        }
        return WalChain.runs(snaps, logs, histories);
    }

    @Override
    public RestoreReport restore(Repository repo, PointInTime at, RestoreTarget target) throws IOException {
        return new PointInTimeRestore(tools, conn).run(repo, runs(repo), at, target);
    }
}
