package dev.arca.protect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.plan.Source;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.protect.source.RestoreReport;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.repository.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Physical backups and point-in-time restore into a data directory on real servers, checked like
 * {@link PointInTimeRestoreTest}: marker rows before and after each target time, and in the restored
 * directory (started as a server of its own) exactly the markers before the target.
 */
class PhysicalRestoreTest {
    private static final String STREAM = "shop/db";
    @TempDir
    static Path tmp;
    private static MariadbServer source;

    @BeforeAll
    static void server() throws Exception {
        source = MariadbServer.start(tmp.resolve("source"), MariadbServer.withBinlog());
    }

    @AfterAll
    static void stopServer() throws Exception {
        Fixtures.close(source);
    }

    private static MariadbSource physical() {
        return new MariadbSource(STREAM, source.endpoint(), List.of(), Source.Mariadb.Method.PHYSICAL,
                Map.of("TZ", "Asia/Seoul"), name -> null, false);
    }

    private static RestoreTarget directory(String name) {
        return new RestoreTarget(Optional.of(tmp.resolve(name)), Optional.empty(), 0, Optional.empty());
    }

    private static void mark(String name) throws Exception {
        source.sql("INSERT INTO shop.marker(name, at) VALUES ('" + name + "', UTC_TIMESTAMP(6))");
    }

    /** Starts a server on a restored directory, runs {@code check} on it, and stops it. */
    private static void onRestored(String name, ServerCheck check) throws Exception {
        try (MariadbServer restored = MariadbServer.startOn(tmp.resolve(name), tmp.resolve(name + "-run"))) {
            check.on(restored);
        }
    }

    @FunctionalInterface
    private interface ServerCheck {
        void on(MariadbServer s) throws Exception;
    }

    @Test
    void restoresEachTargetTimeIntoADirectoryWithExactlyTheMarkersCommittedBeforeIt() throws Exception {
        source.sql("CREATE DATABASE shop; CREATE TABLE shop.marker(id INT AUTO_INCREMENT PRIMARY KEY, "
                + "name VARCHAR(20) NOT NULL, at DATETIME(6) NOT NULL)");
        mark("m0-before-backup");
        MariadbSource mariadb = physical();
        try (Repository repo = Fixtures.repository();
             Fixtures.RunningStream stream = new Fixtures.RunningStream(mariadb, repo, tmp.resolve("spool"),
                     Duration.ofMillis(200))) {
            BackupResult backup = mariadb.backup(repo, Fixtures.options());
            assertThat(backup.snapshot().consistency()).containsEntry("method", "physical")
                    .containsEntry("binlogFile", "binlog.000001")
                    .containsKeys("binlogPosition", "gtid", "consistentAt", "startTime", "stopTime");
            assertThat(backup.snapshot().paths()).containsExactly("/backup.xbstream");

            // Replayed grants need the restored grant tables loaded in the replaying server.
            Fixtures.Timeline timeline = Fixtures.markers(source, PhysicalRestoreTest::mark,
                    "CREATE USER 'late'@'%' IDENTIFIED BY 'pw'; GRANT SELECT ON shop.* TO 'late'@'%'", "m0-before-backup");
            Instant t1 = timeline.t1();
            Instant t2 = timeline.t2();
            Fixtures.caughtUp(source, repo, STREAM);

            List<RecoveryWindow> windows = mariadb.recoveryWindows(repo);
            assertThat(windows).hasSize(1);
            assertThat(windows.getFirst().contains(t1)).isTrue();
            assertThat(windows.getFirst().contains(t2)).isTrue();

            RestoreReport start = mariadb.restore(repo, new PointInTime.At(windows.getFirst().from()), directory("start"));
            assertThat(start.logFiles()).isZero();
            assertThat(start.notes()).contains("no binlog to replay after the backup");
            onRestored("start", s -> assertThat(s.query("SELECT name FROM shop.marker ORDER BY id"))
                    .containsExactly("m0-before-backup"));

            RestoreReport r1 = mariadb.restore(repo, new PointInTime.At(t1), directory("at-t1"));
            assertThat(r1.reached()).isEqualTo(t1);
            assertThat(r1.logFiles()).isEqualTo(1);
            onRestored("at-t1", s -> assertThat(s.query("SELECT name FROM shop.marker ORDER BY id"))
                    .containsExactly("m0-before-backup", "m1"));

            mariadb.restore(repo, new PointInTime.At(t2), directory("at-t2"));
            onRestored("at-t2", s -> {
                assertThat(s.dump("shop")).isEqualTo(timeline.shopAtT2());
                assertThat(s.query("SHOW GRANTS FOR 'late'@'%'")).contains("GRANT SELECT ON `shop`.* TO `late`@`%`");
            });

            RestoreReport latest = mariadb.restore(repo, new PointInTime.Latest(), directory("latest"));
            assertThat(latest.logFiles()).isEqualTo(2);
            assertThat(latest.notes().getLast()).startsWith("the data directory is ready and stopped");
            String sourceNow = source.dump("shop");
            onRestored("latest", s -> {
                assertThat(s.query("SELECT name FROM shop.marker ORDER BY id")).containsExactly("m1-updated", "m2", "m3");
                assertThat(s.dump("shop")).isEqualTo(sourceNow);
            });
            try (var left = Files.list(tmp.resolve("latest"))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("arca-relay") || n.equals("master.info") || n.equals("relay-log.info"));
            }

            assertThatThrownBy(() -> mariadb.restore(repo, new PointInTime.At(t1), directory("at-t1")))
                    .isInstanceOf(MariadbException.class)
                    .hasMessage("target directory " + tmp.resolve("at-t1") + " is not empty; a restore never overwrites "
                            + "data\nHINT: give a new or empty directory with --target-dir");
            assertThatThrownBy(() -> mariadb.restore(repo, new PointInTime.At(t1),
                    new RestoreTarget(Optional.empty(), Optional.of("127.0.0.1"), source.port(), Optional.empty())))
                    .isInstanceOf(MariadbException.class)
                    .hasMessage("MariaDB source shop/db has only physical backups, and those restore into a new data "
                            + "directory, not into a running server\nHINT: give --target-dir DIR (new or empty) instead "
                            + "of --target-url; to load into a running server, back the source up with method: dump");
        }
    }

    @Test
    void aReplayThatFailsOnAnEventSaysWhichAndWhy() throws Exception {
        source.sql("CREATE DATABASE broken; CREATE TABLE broken.t(id INT PRIMARY KEY)");
        MariadbSource mariadb = physical();
        try (Repository repo = Fixtures.repository();
             Fixtures.RunningStream stream = new Fixtures.RunningStream(mariadb, repo, tmp.resolve("spool-broken"),
                     Duration.ofMillis(200))) {
            mariadb.backup(repo, Fixtures.options());
            source.sql("INSERT INTO broken.t VALUES (1), (2)");
            // A row the binlog never hears of, then a logged change to it: the backup plus the binlog lack it.
            source.sql("SET SESSION sql_log_bin = 0; INSERT INTO broken.t VALUES (7); SET SESSION sql_log_bin = 1");
            String[] before = source.query("SHOW MASTER STATUS").getFirst().split("\t");
            source.sql("DELETE FROM broken.t WHERE id = 7");
            Fixtures.caughtUp(source, repo, STREAM);

            Path dir = tmp.resolve("broken");
            assertThatThrownBy(() -> mariadb.restore(repo, new PointInTime.Latest(), directory("broken")))
                    .isInstanceOf(MariadbException.class)
                    .message().matches(Pattern.quote("MariaDB source shop/db: replaying the binlogs into " + dir
                            + " stopped on an error at " + before[0] + ":" + before[1] + ": Could not execute "
                            + "Delete_rows_v1 event on table broken.t; Can't find record in 't', Error_code: 1032; "
                            + "handler error HA_ERR_KEY_NOT_FOUND; the event's master log " + before[0]
                            + ", end_log_pos ") + "[0-9]+" + Pattern.quote("\nHINT: the binlog does not fit the backup "
                            + "(a change made with sql_log_bin=0, or on another server?): restore to a time before that "
                            + "transaction, or from another backup; " + dir + " holds the changes before it, so empty "
                            + "it before restoring again"));
            onRestored("broken", s -> assertThat(s.query("SELECT id FROM broken.t ORDER BY id")).containsExactly("1", "2"));
        }
    }
}
