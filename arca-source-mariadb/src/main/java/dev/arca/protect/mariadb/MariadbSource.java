package dev.arca.protect.mariadb;

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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A MariaDB (or MySQL) server protected by base backups plus its streamed binlog.
 *
 * <p>A base backup is either a dump ({@code method: dump}): {@code mariadb-dump --single-transaction
 * --master-data=2 --gtid}, which works over the network; or a physical copy ({@code method: physical}):
 * {@code mariadb-backup --backup --stream=xbstream}, which reads the data files and so must run on the
 * database server's host ({@link PhysicalBackup}). Either is streamed into the repository as it is
 * written, and the binlog file, position and GTID it stands at, the times and the method are kept in the
 * snapshot's consistency map. {@link #stream} keeps the binlog flowing into the repository's log area.
 * A restore to a time loads the newest dump before it into a running server and replays the binlogs
 * from the dump's position up to the target; or it prepares the newest physical backup before it in a
 * new data directory and replays the binlogs there through the server's own parallel replication
 * applier ({@link PhysicalRestore}).
 *
 * <p>The server's user needs RELOAD and REPLICATION CLIENT (BINLOG MONITOR) for dumps, besides SELECT,
 * SHOW VIEW, TRIGGER, EVENT and LOCK TABLES on the databases; RELOAD, PROCESS, LOCK TABLES and
 * REPLICATION CLIENT for physical backups; REPLICATION SLAVE and REPLICATION CLIENT for streaming. A
 * dump's restore target's user needs to create the databases and to replay binlog events (ALL
 * PRIVILEGES, or at least BINLOG REPLAY besides the data privileges).
 */
public final class MariadbSource implements DatabaseSource {
    /** Where a restore takes the target server's password from when it is set. */
    public static final String TARGET_PASSWORD_ENV = "ARCA_TARGET_PASSWORD";

    private final String stream;
    private final Endpoint server;
    private final List<String> databases;
    private final Source.Mariadb.Method method;
    private final Map<String, String> toolEnv;
    private final UnaryOperator<String> getenv;
    private final boolean replaceExisting;

    /**
     * @param stream the name snapshots and binlogs are stored under, {@code <system>/<source>}
     * @param databases the databases to dump; empty for all of them
     */
    public MariadbSource(String stream, Endpoint server, List<String> databases, Source.Mariadb.Method method) {
        this(stream, server, databases, method, Map.of(), System::getenv, false);
    }

    /**
     * @param toolEnv added to the environment of every tool Arca runs (tests use it to run the tools as
     *     on a host in another time zone)
     */
    MariadbSource(String stream, Endpoint server, List<String> databases, Source.Mariadb.Method method,
                  Map<String, String> toolEnv, UnaryOperator<String> getenv, boolean replaceExisting) {
        this.stream = stream;
        this.server = server;
        this.databases = List.copyOf(databases);
        this.method = method;
        this.toolEnv = Map.copyOf(toolEnv);
        this.getenv = getenv;
        this.replaceExisting = replaceExisting;
    }

    /**
     * The source a plan declares: {@code spec} is the entry of system {@code system}, {@code password}
     * the resolved value of its password secret (empty when the plan names none).
     */
    public static MariadbSource of(String system, Source.Mariadb spec, Optional<String> password) {
        return new MariadbSource(system + "/" + spec.name(), new Endpoint(spec.host(), spec.port(), spec.user(), password),
                spec.databases(), spec.method());
    }

    /**
     * The same source, but a restore may load into a server that already has the dump's databases (they
     * are dropped and recreated by the dump). Without it such a restore is refused.
     */
    public MariadbSource replacingExistingDatabases() {
        return new MariadbSource(stream, server, databases, method, toolEnv, getenv, true);
    }

    public Endpoint server() {
        return server;
    }

    @Override
    public String stream() {
        return stream;
    }

    SqlClient client() {
        return new SqlClient(server, "source " + stream, toolEnv);
    }

    @Override
    public BackupResult backup(Repository repo, BackupOptions options) throws IOException {
        BackupOptions asStream = new BackupOptions(List.of(), options.excludes(), options.tags(), Optional.empty(),
                stream, options.host(), options.user(), options.lockWait());
        if (method == Source.Mariadb.Method.PHYSICAL) {
            if (!databases.isEmpty()) {
                throw new MariadbException("MariaDB source " + stream + ": a physical backup copies the whole server, "
                        + "so it cannot be limited to the databases " + String.join(", ", databases),
                        "remove databases from this source, or back it up with method: dump");
            }
            return new PhysicalBackup(client()).run(repo, asStream);
        }
        SqlClient client = client();
        client.require(List.of("RELOAD", "REPLICATION CLIENT"), "a consistent dump with its binlog position");
        List<String> args = new ArrayList<>(List.of("--single-transaction", "--master-data=2", "--gtid", "--routines",
                "--events", "--triggers", "--hex-blob"));
        if (databases.isEmpty()) {
            args.add("--all-databases");
        } else {
            // A restore allowed to replace a database then leaves none of the old one's tables behind.
            args.add("--add-drop-database");
            args.add("--databases");
            args.addAll(databases);
        }
        ExternalCommand dump = client.command("mariadb-dump", args);
        Clock clock = repo.clock();
        try (Archiver archiver = new Archiver(repo)) {
            return archiver.backupStreams(sink -> {
                Instant start = clock.instant();
                try (ExternalCommand.Running r = dump.start(line -> { })) {
                    PositionTap tap = new PositionTap(r.stdout(), clock);
                    sink.add(BackupPoint.DUMP_FILE, tap);
                    try {
                        r.waitOk();
                    } catch (CommandFailedException e) {
                        throw client.explain(e);
                    }
                    BinlogPosition at = tap.position().orElseThrow(() -> new MariadbException(client.server()
                            + ": the dump names no binlog position",
                            "check that log_bin is on and that mariadb-dump is MariaDB's own"));
                    return BackupPoint.consistency(method, at, start, clock.instant(), databases, server);
                }
            }, asStream);
        }
    }

    /**
     * Streams binlogs until {@code control.stop()} is set. The interval is one second by default
     * ({@link StreamControl#DEFAULT_INTERVAL}): it bounds what a lost Arca host or server loses, and the
     * plan's tightest tier aims at an RPO of seconds, for the cost of one small object per busy second.
     * {@code spool} must belong to this source alone and survive restarts of Arca: the file being
     * written is continued from it.
     *
     * @throws MariadbException at once when the server cannot be used for streaming (credentials,
     *     privileges, log_bin); later disconnects are retried, not thrown
     */
    @Override
    public void stream(Repository repo, Path spool, StreamControl control) throws IOException, InterruptedException {
        Optional<BinlogName> backupFile = backups(repo).stream().max(Comparator.comparing(BackupPoint::time))
                .map(BackupPoint::file);
        new BinlogStreamer(client(), repo, stream, spool, control, backupFile).run();
    }

    @Override
    public List<RecoveryWindow> recoveryWindows(Repository repo) throws IOException {
        return chains(repo).stream().map(BinlogChain::window).toList();
    }

    /** Every backup's chain of binlogs, dumps and physical backups alike, oldest backup first. */
    List<BinlogChain> chains(Repository repo) throws IOException {
        List<LogFile> logs = repo.logs().files(stream);
        return backups(repo).stream().sorted(Comparator.comparing(BackupPoint::time)).map(d -> BinlogChain.of(d, logs))
                .toList();
    }

    private List<BackupPoint> backups(Repository repo) throws IOException {
        List<BackupPoint> out = new ArrayList<>();
        for (Snapshot s : repo.snapshots().list()) {
            if (stream.equals(s.source())) {
                BackupPoint.of(s).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Restores to {@code at}, from the kind of backup the target takes. A running server
     * ({@code --target-url}) gets the newest dump before {@code at} loaded and the binlogs replayed up
     * to {@code at}; its password is {@value #TARGET_PASSWORD_ENV} when set, else the source's. A
     * directory alone ({@code --target-dir}) gets the newest physical backup before {@code at}, prepared
     * and brought forward by the server's own replication applier ({@link PhysicalRestore}); it is left
     * stopped, for the operator to start.
     */
    @Override
    public RestoreReport restore(Repository repo, PointInTime at, RestoreTarget target) throws IOException {
        List<BinlogChain> all = chains(repo);
        if (target.host().isEmpty() && target.directory().isPresent()) {
            List<BinlogChain> physical = of(all, Source.Mariadb.Method.PHYSICAL);
            if (physical.isEmpty()) {
                throw none(all, "no physical backup", "has only dumps, and a dump loads into a running server, not "
                        + "into a data directory", "give --target-url mariadb://user@host:port of a running server "
                        + "instead of --target-dir");
            }
            return new PhysicalRestore(stream, repo).run(BinlogChain.choose(stream, physical, at), at,
                    target.directory().get());
        }
        List<BinlogChain> dumps = of(all, Source.Mariadb.Method.DUMP);
        if (dumps.isEmpty()) {
            throw none(all, "no dump", "has only physical backups, and those restore into a new data directory, not "
                    + "into a running server", "give --target-dir DIR (new or empty) instead of --target-url; to load "
                    + "into a running server, back the source up with method: dump");
        }
        Optional<String> password = Optional.ofNullable(getenv.apply(TARGET_PASSWORD_ENV)).or(server::password);
        Endpoint to = new Endpoint(target.host().orElse("127.0.0.1"), target.port(), target.user().orElse(server.user()),
                password);
        SqlClient targetClient = new SqlClient(to, "restore target", toolEnv);
        return new DumpRestore(stream, repo, targetClient, toolEnv, replaceExisting)
                .run(BinlogChain.choose(stream, dumps, at), at);
    }

    private static List<BinlogChain> of(List<BinlogChain> chains, Source.Mariadb.Method method) {
        return chains.stream().filter(c -> c.base().method() == method).toList();
    }

    /** No backup fits the target: none at all, or only of the other kind. */
    private MariadbException none(List<BinlogChain> all, String missing, String otherKind, String otherHint) {
        if (all.isEmpty()) {
            return new MariadbException("MariaDB source " + stream + " has " + missing + " in the repository",
                    "take a backup first (arca backup), and keep the binlog stream running");
        }
        return new MariadbException("MariaDB source " + stream + " " + otherKind, otherHint);
    }
}
