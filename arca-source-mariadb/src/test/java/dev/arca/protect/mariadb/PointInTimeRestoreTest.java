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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time restore on real servers, checked as pgBackRest checks it: marker rows written before and
 * after each target time, and after a restore to a target exactly the markers before it are there.
 *
 * <p>The tools run as on a host in Seoul (TZ=Asia/Seoul) and the source server keeps +05:00, while
 * target times are UTC instants: a restore that let either zone in would replay hours too much or
 * too little, and restore the wrong markers.
 */
class PointInTimeRestoreTest {
    private static final String STREAM = "shop/db";
    @TempDir
    static Path tmp;
    private static MariadbServer source;
    private static MariadbServer target;

    @BeforeAll
    static void servers() throws Exception {
        source = MariadbServer.start(tmp.resolve("source"), MariadbServer.withBinlog("--default-time-zone=+05:00"));
        target = MariadbServer.start(tmp.resolve("target"), "--default-time-zone=-03:00");
    }

    @AfterAll
    static void stopServers() throws Exception {
        Fixtures.close(source, target);
    }

    private static MariadbSource source(List<String> databases) {
        return new MariadbSource(STREAM, source.endpoint(), databases, Source.Mariadb.Method.DUMP,
                Map.of("TZ", "Asia/Seoul"), name -> null, false);
    }

    private static RestoreTarget target() {
        return new RestoreTarget(Optional.empty(), Optional.of("127.0.0.1"), target.port(), Optional.empty());
    }

    private static void mark(String name) throws Exception {
        source.sql("INSERT INTO shop.marker(name, at) VALUES ('" + name + "', UTC_TIMESTAMP(6)); "
                + "INSERT INTO other.noise(v) VALUES ('" + name + "')");
    }

    private static List<String> markers() throws Exception {
        return target.query("SELECT name FROM shop.marker ORDER BY id");
    }


    @Test
    void restoresEachTargetTimeWithExactlyTheMarkersCommittedBeforeIt() throws Exception {
        source.sql("CREATE DATABASE shop; CREATE TABLE shop.marker(id INT AUTO_INCREMENT PRIMARY KEY, "
                + "name VARCHAR(20) NOT NULL, at DATETIME(6) NOT NULL); CREATE DATABASE other; "
                + "CREATE TABLE other.noise(id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
        mark("m0-before-dump");
        MariadbSource mariadb = source(List.of("shop"));
        try (Repository repo = Fixtures.repository();
             Fixtures.RunningStream stream = new Fixtures.RunningStream(mariadb, repo, tmp.resolve("spool"),
                     Duration.ofMillis(200))) {
            BackupResult backup = mariadb.backup(repo, Fixtures.options());
            Map<String, String> point = backup.snapshot().consistency();
            assertThat(point).containsEntry("method", "dump").containsEntry("binlogFile", "binlog.000001")
                    .containsKeys("binlogPosition", "gtid", "consistentAt", "startTime", "stopTime");
            assertThat(backup.snapshot().source()).isEqualTo(STREAM);

            Fixtures.Timeline timeline = Fixtures.markers(source, PointInTimeRestoreTest::mark, "", "m0-before-dump");
            Instant t1 = timeline.t1();
            Instant t2 = timeline.t2();
            try {
                Fixtures.caughtUp(source, repo, STREAM);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; stream events: " + stream.events + "; stored: " + repo.logs().files(STREAM));
            }

            List<RecoveryWindow> windows = mariadb.recoveryWindows(repo);
            assertThat(windows).hasSize(1);
            assertThat(windows.getFirst().brokenBy()).isEmpty();
            assertThat(windows.getFirst().contains(t1)).isTrue();
            assertThat(windows.getFirst().contains(t2)).isTrue();

            RestoreReport r1 = mariadb.restore(repo, new PointInTime.At(t1), target());
            assertThat(markers()).containsExactly("m0-before-dump", "m1");
            assertThat(r1.reached()).isEqualTo(t1);
            assertThat(target.query("SHOW DATABASES")).doesNotContain("other");

            assertThatThrownBy(() -> mariadb.restore(repo, new PointInTime.At(t2), target()))
                    .hasMessage("MariaDB server 127.0.0.1:" + target.port() + " (restore target) already has the "
                            + "database shop that the dump of shop/db would overwrite\n"
                            + "HINT: restore into an empty server, drop that database first, or allow replacing "
                            + "existing databases explicitly");

            target.sql("DROP DATABASE shop");
            mariadb.restore(repo, new PointInTime.At(t2), target());
            assertThat(markers()).containsExactly("m0-before-dump", "m1-updated", "m2");
            assertThat(target.dump("shop")).isEqualTo(timeline.shopAtT2());

            target.sql("CREATE TABLE shop.stray(i INT)");
            RestoreReport latest = mariadb.replacingExistingDatabases().restore(repo, new PointInTime.Latest(), target());
            assertThat(markers()).containsExactly("m1-updated", "m2", "m3");
            assertThat(target.dump("shop")).isEqualTo(source.dump("shop"));
            assertThat(latest.logFiles()).isEqualTo(2);
            assertThat(target.query("SHOW TABLES FROM shop")).containsExactly("marker");

            Instant before = windows.getFirst().from().minusSeconds(60);
            RecoveryWindow w = mariadb.recoveryWindows(repo).getFirst();
            assertThatThrownBy(() -> mariadb.restore(repo, new PointInTime.At(before), target()))
                    .hasMessage("MariaDB source shop/db cannot be restored to " + before + ": no recovery window "
                            + "contains it. The windows are:\n  " + w.from() + " to " + w.to() + " (dump "
                            + w.snapshot() + ")\nHINT: choose a time inside a window, or restore to latest");
            assertThatThrownBy(() -> mariadb.restore(repo, new PointInTime.Latest(),
                    new RestoreTarget(Optional.of(tmp.resolve("datadir")), Optional.empty(), 0, Optional.empty())))
                    .hasMessage("MariaDB source shop/db has only dumps, and a dump loads into a running server, not "
                            + "into a data directory\nHINT: give --target-url mariadb://user@host:port of a running "
                            + "server instead of --target-dir");
        }
    }
}
