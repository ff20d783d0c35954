package dev.arca.protect.postgres;

import dev.arca.protect.log.LogShipper;
import dev.arca.protect.log.WalFormat;
import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.StreamControl;
import dev.arca.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Streams WAL with {@code pg_receivewal --synchronous} on a replication slot into a spool directory and
 * ships it to the repository every interval. The slot makes the server keep WAL Arca has not received,
 * so a disconnect or an Arca restart resumes without a gap; {@code --synchronous} makes the spooled
 * partial segment current to the last commit, so a one-second interval gives an RPO of about a second.
 */
final class WalStream {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final PgConnection conn;
    private final PostgresTools tools;
    private final String stream;

    WalStream(PgConnection conn, PostgresTools tools, String stream) {
        this.conn = conn;
        this.tools = tools;
        this.stream = stream;
    }

    /** The slot's name: PostgreSQL allows lower-case letters, digits and underscores, up to 63. */
    String slot() {
        String s = "arca_" + stream.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    void run(Repository repo, Path spool, StreamControl control) throws IOException, InterruptedException {
        Files.createDirectories(spool);
        ServerProbe probe = new ServerProbe(conn, tools);
        probe.checkReadyForBackup(true);
        LogShipper shipper = new LogShipper(repo, stream, spool, new WalFormat());
        Duration backoff = Duration.ofSeconds(1);
        boolean first = true;
        while (!control.stop().get()) {
            ensureSlot(probe, control, first);
            first = false;
            ExternalCommand cmd = conn.command(tools, "pg_receivewal",
                    List.of("-D", spool.toString(), "--slot", slot(), "--synchronous", "-n", "-s", "1"));
            try (ExternalCommand.Running running = cmd.start(line -> { })) {
                control.events().accept("streaming WAL of " + conn.address() + " on slot " + slot() + " into " + stream);
                while (!control.stop().get() && running.process().isAlive()) {
                    shipper.shipAndConfirmIdle(() -> caughtUp(probe));
                    Thread.sleep(control.interval().toMillis());
                }
                shipper.shipOnce();
                if (control.stop().get()) {
                    break;
                }
                try {
                    running.waitOk();
                    control.events().accept("pg_receivewal ended; restarting");
                } catch (CommandFailedException e) {
                    IOException why = probe.explain(e);
                    String said = String.join(" ", e.errorTail());
                    if (said.contains("has already been removed")) {
                        control.events().accept("GAP: " + why.getMessage().replace('\n', ' '));
                    } else {
                        control.events().accept("WAL stream interrupted, retrying in " + backoff.toSeconds() + " s: "
                                + why.getMessage().replace('\n', ' '));
                    }
                }
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        shipper.shipOnce();
        control.events().accept("WAL stream of " + stream + " stopped");
    }

    /**
     * Whether the server has flushed no WAL beyond what {@code pg_receivewal} has received: then, once that
     * is shipped, every commit before the question is in the repository ({@link LogShipper#shipAndConfirmIdle}).
     */
    private boolean caughtUp(ServerProbe probe) {
        try {
            return "t".equals(probe.value("SELECT r.flush_lsn >= CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() "
                    + "ELSE pg_current_wal_flush_lsn() END FROM pg_stat_replication r JOIN pg_replication_slots s "
                    + "ON s.active_pid = r.pid WHERE s.slot_name = '" + slot() + "'"));
        } catch (IOException e) {
            return false; // the stream itself reports a server that cannot be reached
        }
    }

    private void ensureSlot(ServerProbe probe, StreamControl control, boolean first) throws IOException {
        String status;
        try {
            status = probe.value("SELECT wal_status FROM pg_replication_slots WHERE slot_name = '" + slot() + "'");
        } catch (IOException e) {
            control.events().accept("cannot check replication slot " + slot() + ": " + e.getMessage().replace('\n', ' '));
            return;
        }
        if (status.isEmpty()) {
            if (!first) {
                control.events().accept("GAP possible: replication slot " + slot() + " was dropped on " + conn.address()
                        + "; re-creating it. WAL written while it was missing may be lost: check arca recovery-points");
            }
            conn.command(tools, "pg_receivewal", List.of("--create-slot", "--if-not-exists", "--slot", slot())).run();
        } else if (status.equals("lost")) {
            control.events().accept("GAP: replication slot " + slot() + " on " + conn.address()
                    + " has lost WAL (max_slot_wal_keep_size); take a new base backup");
        }
    }
}
