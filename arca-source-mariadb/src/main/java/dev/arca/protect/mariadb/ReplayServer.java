package dev.arca.protect.mariadb;

import dev.arca.protect.source.ExternalCommand;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code mariadbd} on a restored data directory that replays binlogs through the server's own
 * replication applier, in parallel: the binlog files are laid next to the data as relay logs, and the
 * SQL thread runs from the backup's position until the stop position, as a replica would.
 *
 * <p>The server listens on a socket in a private directory only (no network), writes no binlog of its
 * own, and has a server id that none of the replayed events carries (the applier skips its own). It
 * starts with {@code --skip-grant-tables} so that Arca needs no account in the restored data; the grant
 * tables are loaded at once, through the one session that keeps its rights, since replayed binlogs may
 * create users and grant privileges.
 */
final class ReplayServer implements AutoCloseable {
    /** The relay logs' base name, inside the data directory. */
    static final String RELAY = "arca-relay";
    private static final long SHUTDOWN_WAIT_MINUTES = 30;
    /** A prepared backup needs no crash recovery, so a server slower to start than this is stuck. */
    private static final long START_WAIT_MINUTES = 10;

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final ClientSession session;

    private ReplayServer(Process process, Path dataDir, Path log, ClientSession session) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.session = session;
    }

    /** The name of the {@code n}th relay log (from 1), as the server numbers them. */
    static String relayFile(int n) {
        return String.format("%s.%06d", RELAY, n);
    }

    /**
     * Starts the server on {@code dataDir}.
     *
     * @param runDir a private directory for its socket, pid file, log and temporary files
     * @param osUser the system user it runs as, when Arca runs as root
     */
    static ReplayServer start(Path dataDir, Path runDir, long serverId, int threads, long bufferPool,
                              Optional<String> osUser) throws IOException {
        Path cnf = dataDir.resolve("backup-my.cnf");
        Path socket = runDir.resolve("sock");
        Path log = runDir.resolve("replay.err");
        List<String> argv = new ArrayList<>(List.of("mariadbd",
                // mariadb-backup's record of the source's InnoDB layout (page size, undo, redo size)
                Files.exists(cnf) ? "--defaults-file=" + cnf : "--no-defaults",
                "--datadir=" + dataDir, "--socket=" + socket, "--skip-networking", "--pid-file=" + runDir.resolve("pid"),
                "--log-error=" + log, "--tmpdir=" + runDir, "--server-id=" + serverId, "--skip-log-bin",
                "--skip-slave-start", "--skip-grant-tables", "--event-scheduler=DISABLED",
                "--relay-log=" + RELAY, "--relay-log-index=" + RELAY + ".index", "--relay-log-recovery=0",
                "--slave-parallel-threads=" + threads, "--slave-parallel-mode=optimistic",
                "--innodb-buffer-pool-size=" + bufferPool,
                // a replay that stops half-way is redone from the backup, so commits need not reach the disk
                "--innodb-flush-log-at-trx-commit=2"));
        osUser.ifPresent(u -> argv.add("--user=" + u));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(runDir.resolve("stdout.log").toFile())
                .start();
        try {
            awaitReady(p, dataDir, socket, log);
            ClientSession session = new ClientSession(ExternalCommand.of(client(socket)));
            ReplayServer server = new ReplayServer(p, dataDir, log, session);
            session.run("FLUSH PRIVILEGES");
            return server;
        } catch (IOException | RuntimeException e) {
            p.destroy();
            waitFor(p);
            throw e;
        }
    }

    private static List<String> client(Path socket) {
        List<String> argv = new ArrayList<>(List.of("mariadb", "--no-defaults", "--socket=" + socket, "--user=root"));
        argv.addAll(ClientSession.options());
        return argv;
    }

    private static void awaitReady(Process p, Path dataDir, Path socket, Path log) throws IOException {
        ExternalCommand ping = ExternalCommand.of(List.of("mariadb-admin", "--no-defaults", "--socket=" + socket,
                "--user=root", "ping"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(START_WAIT_MINUTES);
        while (true) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new MariadbException("the mariadbd that was to replay the binlogs on " + dataDir
                        + " did not start" + (p.isAlive() ? " within " + START_WAIT_MINUTES + " minutes" : "")
                        + "; its log ends:\n  " + String.join("\n  ", tail(log)), "the directory holds the prepared "
                        + "backup; if the source needs a plugin or option to open its data (encryption keys, say), "
                        + "restore from a dump, or start a server on the directory with them and replay by hand");
            }
            if (Files.exists(socket)) {
                try {
                    ping.run();
                    return;
                } catch (IOException e) {
                    // still starting
                }
            }
            pause(50);
        }
    }

    /**
     * Replays the relay logs {@code relayFile(1..binlogs.size())}, which hold {@code binlogs} in order,
     * from {@code start} in the first to {@code stop} in the last, and returns the GTID position reached.
     */
    String replay(String stream, List<BinlogName> binlogs, long start, long stop) throws IOException {
        List<String> index = new ArrayList<>();
        for (int i = 1; i <= binlogs.size(); i++) {
            index.add("./" + relayFile(i));
        }
        Files.write(dataDir.resolve(RELAY + ".index"), index);
        BinlogName last = binlogs.getLast();
        session.run("CHANGE MASTER TO MASTER_HOST='arca-replay', MASTER_LOG_FILE='" + binlogs.getFirst()
                + "', MASTER_LOG_POS=" + start + ", RELAY_LOG_FILE='" + relayFile(1) + "', RELAY_LOG_POS=" + start
                + ", MASTER_USE_GTID=no");
        session.run("START SLAVE SQL_THREAD UNTIL RELAY_LOG_FILE='" + relayFile(binlogs.size()) + "', RELAY_LOG_POS="
                + stop);
        Map<String, String> status = status();
        // The applier stops by itself at a position inside the relay logs; at the very end of the last one
        // it waits for more instead, so it is stopped once it has applied everything.
        while ("Yes".equals(status.get("Slave_SQL_Running")) && !reached(status, last, stop)) {
            pause(100);
            status = status();
        }
        if ("Yes".equals(status.get("Slave_SQL_Running"))) {
            session.run("STOP SLAVE SQL_THREAD");
            status = status();
        }
        String at = status.get("Relay_Master_Log_File") + ":" + status.get("Exec_Master_Log_Pos");
        if (!"0".equals(status.get("Last_SQL_Errno"))) {
            throw new MariadbException("MariaDB source " + stream + ": replaying the binlogs into " + dataDir
                    + " stopped on an error at " + at + ": " + status.get("Last_SQL_Error"),
                    "the binlog does not fit the backup (a change made with sql_log_bin=0, or on another server?): "
                            + "restore to a time before that transaction, or from another backup; " + dataDir
                            + " holds the changes before it, so empty it before restoring again");
        }
        if (!reached(status, last, stop)) {
            throw new MariadbException("MariaDB source " + stream + ": replaying the binlogs into " + dataDir
                    + " stopped at " + at + " before " + last + ":" + stop + ", with no error; the server's log ends:\n  "
                    + String.join("\n  ", tail(log)), "restore again into an empty directory");
        }
        return session.rows("SELECT @@gtid_slave_pos AS pos").getFirst().get("pos");
    }

    private Map<String, String> status() throws IOException {
        return session.rows("SHOW SLAVE STATUS").getFirst();
    }

    /** Whether the applier has executed everything before {@code stop} in {@code last}, by the source's names. */
    private static boolean reached(Map<String, String> status, BinlogName last, long stop) {
        Optional<BinlogName> file = BinlogName.parse(status.getOrDefault("Relay_Master_Log_File", ""));
        long pos = Long.parseLong(status.getOrDefault("Exec_Master_Log_Pos", "0"));
        return file.isPresent() && (file.get().compareTo(last) > 0 || (file.get().equals(last) && pos >= stop));
    }

    /**
     * Forgets the replica settings and relay logs, and shuts the server down cleanly, so that the data
     * directory is left as any stopped server leaves its own.
     */
    @Override
    public void close() throws IOException {
        try {
            session.run("RESET SLAVE ALL");
            session.last("SHUTDOWN");
        } catch (IOException e) {
            // The server is gone or the session broke: stop it by signal, which also shuts it down cleanly.
            process.destroy();
        } finally {
            session.close();
        }
        int code = waitFor(process);
        if (code != 0) {
            throw new MariadbException("the mariadbd that replayed the binlogs on " + dataDir + " did not shut down "
                    + "cleanly (exit code " + code + "); its log ends:\n  " + String.join("\n  ", tail(log)),
                    "empty " + dataDir + " and restore again");
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            if (!p.waitFor(SHUTDOWN_WAIT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return p.waitFor();
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the replay server shuts down");
        }
    }

    private static List<String> tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of("(no log)");
        }
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - 15), lines.size());
    }

    private static void pause(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while replaying binlogs");
        }
    }
}
