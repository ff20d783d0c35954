package dev.arca.protect.mariadb;

import dev.arca.plan.Source;
import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A physical base backup: {@code mariadb-backup --backup --stream=xbstream} goes straight into the
 * repository as one file, never staged on local disk.
 *
 * <p>mariadb-backup copies the server's data files itself and only takes locks and the binlog position
 * through the connection, so it must run on the database server's host, as a user who may read the
 * data directory (root, or the server's own user). Before it starts, the data directory the server
 * reports is checked to be readable here and to be that server's (its binlog index names the server's
 * current binlog): on another host, a directory of the same name would be another server's data.
 *
 * <p>The binlog position comes from the line mariadb-backup writes on standard error once it has
 * blocked commits for the end of the copy; on 10.11 the stream's {@code xtrabackup_binlog_info} says
 * the same, but reading it would mean parsing the stream.
 */
final class PhysicalBackup {
    private static final Pattern POSITION = Pattern.compile(
            "MySQL binlog position: filename '([^']+)', position '([0-9]+)'(?:, GTID of the last change '([^']*)')?");
    private static final String RUN_ON_THE_SERVER = "mariadb-backup reads the data files itself: run this backup on the "
            + "database server's host, as root or as the server's user; or back up with method: dump, which works "
            + "over the network";

    private final SqlClient client;

    PhysicalBackup(SqlClient client) {
        this.client = client;
    }

    BackupResult run(Repository repo, BackupOptions asStream) throws IOException {
        client.require(List.of("RELOAD", "PROCESS", "LOCK TABLES", "REPLICATION CLIENT"),
                "a physical backup with mariadb-backup");
        checkDataDirectoryIsHere();
        ExternalCommand backup = client.command("mariadb-backup", List.of("--backup", "--stream=xbstream", "--parallel=2"));
        Clock clock = repo.clock();
        try (Archiver archiver = new Archiver(repo)) {
            return archiver.backupStreams(sink -> {
                Instant start = clock.instant();
                AtomicReference<BinlogPosition> seen = new AtomicReference<>();
                try (ExternalCommand.Running r = backup.start(line -> position(line, clock).ifPresent(seen::set))) {
                    sink.add(BackupPoint.PHYSICAL_FILE, r.stdout());
                    try {
                        r.waitOk();
                    } catch (CommandFailedException e) {
                        throw client.explain(e);
                    }
                }
                BinlogPosition at = Optional.ofNullable(seen.get()).orElseThrow(() -> new MariadbException(
                        client.server() + ": mariadb-backup did not report a binlog position",
                        "check that log_bin is on and that mariadb-backup is the server's own version"));
                return BackupPoint.consistency(Source.Mariadb.Method.PHYSICAL, at, start, clock.instant(), List.of(),
                        client.endpoint());
            }, asStream);
        }
    }

    /** The binlog position in a line of mariadb-backup's standard error, if the line reports it. */
    static Optional<BinlogPosition> position(String line, Clock clock) {
        Matcher m = POSITION.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        Optional<String> gtid = Optional.ofNullable(m.group(3)).filter(g -> !g.isEmpty());
        return Optional.of(new BinlogPosition(m.group(1), Long.parseLong(m.group(2)), gtid, clock.instant()));
    }

    private void checkDataDirectoryIsHere() throws IOException {
        List<String> row = client.query("SELECT @@datadir, @@log_bin_index").getFirst();
        String current = client.query("SHOW MASTER STATUS").getFirst().getFirst();
        checkHere(client.server(), Path.of(row.get(0)), Path.of(row.get(1)), current);
    }

    /**
     * Fails unless {@code datadir}, where {@code server} says it keeps its data, is readable here and is
     * that server's: its binlog index lists the server's current binlog.
     */
    static void checkHere(String server, Path datadir, Path index, String currentBinlog) throws IOException {
        if (!Files.isDirectory(datadir) || !Files.isReadable(datadir)) {
            throw new MariadbException(server + " keeps its data in " + datadir
                    + ", which is not a readable directory where Arca runs", RUN_ON_THE_SERVER);
        }
        boolean listed = Files.isReadable(index) && Files.readAllLines(index).stream()
                .anyMatch(l -> l.equals(currentBinlog) || l.endsWith("/" + currentBinlog));
        if (!listed) {
            throw new MariadbException(server + ": " + datadir + " here is not its data directory: the binlog index "
                    + index + " does not list the server's current binlog " + currentBinlog, RUN_ON_THE_SERVER);
        }
    }
}
