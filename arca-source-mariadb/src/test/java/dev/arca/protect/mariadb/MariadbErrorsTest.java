package dev.arca.protect.mariadb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.plan.Source;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.protect.source.StreamControl;
import dev.arca.repository.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a server can be unfit for backups ends in a message that names the server and the fix. */
class MariadbErrorsTest {
    @TempDir
    static Path tmp;
    private static MariadbServer withBinlog;
    private static MariadbServer withoutBinlog;

    @BeforeAll
    static void start() throws Exception {
        withBinlog = MariadbServer.start(tmp.resolve("a"), MariadbServer.withBinlog());
        withBinlog.sql("CREATE USER 'weak'@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON *.* TO 'weak'@'%'");
        withoutBinlog = MariadbServer.start(tmp.resolve("b"));
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.close(withBinlog, withoutBinlog);
    }

    private static MariadbSource source(Endpoint e) {
        return new MariadbSource("err/db", e, List.of(), Source.Mariadb.Method.DUMP);
    }

    private static MariadbSource physical(Endpoint e, List<String> databases) {
        return new MariadbSource("err/db", e, databases, Source.Mariadb.Method.PHYSICAL);
    }

    private static final String RUN_ON_THE_SERVER = "HINT: mariadb-backup reads the data files itself: run this backup "
            + "on the database server's host, as root or as the server's user; or back up with method: dump, which "
            + "works over the network";

    private static void streamFails(MariadbSource source, String message) {
        assertThatThrownBy(() -> {
            try (Repository repo = Fixtures.repository()) {
                source.stream(repo, tmp.resolve("spool"), new StreamControl(StreamControl.DEFAULT_INTERVAL, e -> { },
                        new AtomicBoolean()));
            }
        }).isInstanceOf(MariadbException.class).hasMessage(message);
    }

    private static void backupFails(MariadbSource source, String message) {
        assertThatThrownBy(() -> {
            try (Repository repo = Fixtures.repository()) {
                source.backup(repo, Fixtures.options());
            }
        }).isInstanceOf(MariadbException.class).hasMessage(message);
    }

    @Test
    void wrongPassword() {
        int port = withBinlog.port();
        String message = "MariaDB server 127.0.0.1:" + port + " (source err/db) refused user 'arca': wrong user or password\n"
                + "HINT: check the user and password Arca is given for this server (the plan's password secret), "
                + "or create the user: CREATE USER 'arca'@'%' IDENTIFIED BY '...'";
        MariadbSource source = source(new Endpoint("127.0.0.1", port, "arca", Optional.of("wrong")));
        backupFails(source, message);
        streamFails(source, message);
    }

    @Test
    void unreachableServer() {
        int port = MariadbServer.freePort();
        backupFails(source(new Endpoint("127.0.0.1", port, "arca", Optional.of("pw"))),
                "MariaDB server 127.0.0.1:" + port + " (source err/db) is unreachable: Can't connect to server on "
                        + "'127.0.0.1'\n"
                        + "HINT: check that the server is running and listens on 127.0.0.1:" + port
                        + " (port, bind-address, firewall)");
    }

    @Test
    void missingPrivileges() {
        int port = withBinlog.port();
        MariadbSource weak = source(new Endpoint("127.0.0.1", port, "weak", Optional.of("pw")));
        backupFails(weak, "MariaDB server 127.0.0.1:" + port + " (source err/db): user 'weak' lacks the privileges "
                + "RELOAD, REPLICATION CLIENT that a consistent dump with its binlog position needs\n"
                + "HINT: GRANT RELOAD, REPLICATION CLIENT ON *.* TO 'weak'@'%'");
        backupFails(physical(weak.server(), List.of()), "MariaDB server 127.0.0.1:" + port + " (source err/db): user "
                + "'weak' lacks the privileges RELOAD, PROCESS, LOCK TABLES, REPLICATION CLIENT that a physical backup "
                + "with mariadb-backup needs\n"
                + "HINT: GRANT RELOAD, PROCESS, LOCK TABLES, REPLICATION CLIENT ON *.* TO 'weak'@'%'");
        streamFails(weak, "MariaDB server 127.0.0.1:" + port + " (source err/db): user 'weak' lacks the privileges "
                + "REPLICATION SLAVE, REPLICATION CLIENT that binlog streaming needs\n"
                + "HINT: GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'weak'@'%'");
    }

    @Test
    void binlogOff() {
        MariadbSource source = source(withoutBinlog.endpoint());
        String message = "MariaDB server 127.0.0.1:" + withoutBinlog.port() + " (source err/db) does not write a binary "
                + "log (log_bin is OFF), so changes after a dump cannot be replayed\n"
                + "HINT: start the server with a binlog (in my.cnf: log_bin = mysql-bin, server_id = 1, "
                + "binlog_format = ROW) and restart it";
        backupFails(source, message);
        streamFails(source, message);
    }

    @Test
    void restoreWithoutAnyDump() {
        assertThatThrownBy(() -> {
            try (Repository repo = Fixtures.repository()) {
                source(withBinlog.endpoint()).restore(repo, new PointInTime.Latest(),
                        new RestoreTarget(Optional.empty(), Optional.of("127.0.0.1"), withoutBinlog.port(), Optional.empty()));
            }
        }).isInstanceOf(MariadbException.class).hasMessage("MariaDB source err/db has no dump in the repository\n"
                + "HINT: take a backup first (arca backup), and keep the binlog stream running");
    }

    @Test
    void restoreIntoADirectoryWithoutAnyPhysicalBackup() {
        assertThatThrownBy(() -> {
            try (Repository repo = Fixtures.repository()) {
                source(withBinlog.endpoint()).restore(repo, new PointInTime.Latest(),
                        new RestoreTarget(Optional.of(tmp.resolve("restored")), Optional.empty(), 0, Optional.empty()));
            }
        }).isInstanceOf(MariadbException.class).hasMessage("MariaDB source err/db has no physical backup in the "
                + "repository\nHINT: take a backup first (arca backup), and keep the binlog stream running");
    }

    @Test
    void physicalBackupOfSomeDatabasesOnly() {
        backupFails(physical(withBinlog.endpoint(), List.of("shop", "crm")), "MariaDB source err/db: a physical backup "
                + "copies the whole server, so it cannot be limited to the databases shop, crm\n"
                + "HINT: remove databases from this source, or back it up with method: dump");
    }

    @Test
    void physicalBackupWhereTheDataDirectoryIsNot() throws Exception {
        String server = "MariaDB server db1:3306 (source err/db)";
        Path elsewhere = tmp.resolve("not-here");
        assertThatThrownBy(() -> PhysicalBackup.checkHere(server, elsewhere, elsewhere.resolve("binlog.index"),
                "binlog.000007")).isInstanceOf(MariadbException.class).hasMessage(server + " keeps its data in "
                + elsewhere + ", which is not a readable directory where Arca runs\n" + RUN_ON_THE_SERVER);

        Path other = Files.createDirectories(tmp.resolve("other-server"));
        Path index = Files.writeString(other.resolve("binlog.index"), "./binlog.000001\n./binlog.000002\n");
        assertThatThrownBy(() -> PhysicalBackup.checkHere(server, other, index, "binlog.000007"))
                .isInstanceOf(MariadbException.class).hasMessage(server + ": " + other + " here is not its data "
                        + "directory: the binlog index " + index + " does not list the server's current binlog "
                        + "binlog.000007\n" + RUN_ON_THE_SERVER);
        PhysicalBackup.checkHere(server, other, index, "binlog.000002");
    }
}
