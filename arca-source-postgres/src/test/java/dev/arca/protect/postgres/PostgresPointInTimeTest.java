package dev.arca.protect.postgres;

import dev.arca.plan.Source;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.protect.source.RestoreReport;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.repository.Repository;
import dev.arca.storage.local.LocalStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Point-in-time recovery on a real server, verified as pgBackRest verifies it: marker rows committed
 * before and after known times, a restore to each time, and exactly the right markers afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPointInTimeTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private LocalCluster server;
    private Repository repo;
    private PostgresSource source;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private Instant afterA;
    private Instant afterB;
    private BackupResult base;

    @BeforeAll
    void scenario() throws Exception {
        server = LocalCluster.start();
        repo = PgStreamFixture.repository(LocalStorage.open(server.base().resolve("repo"), true));
        source = new PostgresSource("ticketing/db", server.connection(), Source.LogMode.STREAM, List.of(), server.tools());
        server.sql("CREATE TABLE marker (name text PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())");

        AtomicBoolean stop = new AtomicBoolean();
        Thread streamer = PgStreamFixture.stream(source, repo, server.base().resolve("spool"), INTERVAL, events, stop);
        PgStreamFixture.waitFor(() -> events.stream().anyMatch(e -> e.startsWith("streaming WAL")));
        base = source.backup(repo, options());
        server.sql("INSERT INTO marker (name) VALUES ('a')");
        afterA = Instant.parse(server.sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").getFirst());
        Thread.sleep(20);
        server.sql("INSERT INTO marker (name) VALUES ('b')");
        afterB = Instant.parse(server.sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").getFirst());
        Thread.sleep(20);
        server.sql("INSERT INTO marker (name) VALUES ('c')");
        Thread.sleep(INTERVAL.toMillis() * 4);
        stop.set(true);
        streamer.join(30_000);
    }

    private static BackupOptions options() {
        return new BackupOptions(List.of(), List.of(), List.of(), Optional.empty(), "ticketing/db", "host", "tester",
                Duration.ZERO);
    }

    @AfterAll
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private List<String> restoreAndRead(PointInTime at, String name) throws IOException {
        Path dir = server.newDirectory(name);
        int port = LocalCluster.freePort();
        RestoreReport report = source.restore(repo, at, new RestoreTarget(Optional.of(dir), Optional.empty(), port, Optional.empty()));
        try {
            assertThat(report.snapshot()).isEqualTo(base.snapshot().shortId());
            assertThat(report.notes().getFirst()).isEqualTo("PostgreSQL is running on 127.0.0.1:" + port + " with data directory " + dir);
            return server.sql(port, "postgres", "SELECT name FROM marker ORDER BY name");
        } finally {
            server.stopServerIn(dir);
        }
    }

    @Test
    void theBaseBackupRecordsWhereItsWalStartsAndEnds() {
        var c = base.snapshot().consistency();
        assertThat(c).containsEntry("kind", "basebackup").containsEntry("timeline", "1").containsKeys("startLsn", "stopLsn");
        assertThat(Lsn.parse(c.get("stopLsn"))).isGreaterThanOrEqualTo(Lsn.parse(c.get("startLsn")));
        assertThat(base.snapshot().paths()).containsExactly("/base.tar");
    }

    @Test
    void theWindowRunsFromTheBackupToTheNewestStreamedWal() throws IOException {
        List<RecoveryWindow> windows = source.recoveryWindows(repo);

        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.snapshot()).isEqualTo(base.snapshot().shortId());
            assertThat(w.contains(afterA)).isTrue();
            assertThat(w.contains(afterB)).isTrue();
            assertThat(w.brokenBy()).isEmpty();
        });
        assertThat(events).noneMatch(e -> e.startsWith("FAILED") || e.startsWith("GAP"));
    }

    @Test
    void restoresToEachTargetWithExactlyTheMarkersCommittedBeforeIt() throws IOException {
        assertThat(restoreAndRead(new PointInTime.At(afterA), "at-a")).containsExactly("a");
        assertThat(restoreAndRead(new PointInTime.At(afterB), "at-b")).containsExactly("a", "b");
        assertThat(restoreAndRead(new PointInTime.Latest(), "latest")).containsExactly("a", "b", "c");
    }

    @Test
    void aTargetOutsideEveryWindowIsRefusedWithTheWindows() {
        Instant before = Instant.parse("2001-01-01T00:00:00Z");
        assertThatThrownBy(() -> source.restore(repo, new PointInTime.At(before),
                new RestoreTarget(Optional.of(server.newDirectory("never")), Optional.empty(), 1, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("target time 2001-01-01T00:00:00Z is outside every recovery window:\n  ")
                .hasMessageEndingWith("(base backup " + base.snapshot().shortId() + ")"
                        + "\nHINT: pick a time inside a window (see `arca recovery-points`), or `--at latest`");
    }

    @Test
    void aNonEmptyTargetDirectoryIsRefused() throws IOException {
        Path dir = server.newDirectory("occupied");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("keep.txt"), "precious");

        assertThatThrownBy(() -> source.restore(repo, new PointInTime.Latest(),
                new RestoreTarget(Optional.of(dir), Optional.empty(), 1, Optional.empty())))
                .hasMessage("target directory " + dir + " is not empty; a restore never overwrites data"
                        + "\nHINT: give a new or empty directory with --target-dir");
        assertThat(java.nio.file.Files.readString(dir.resolve("keep.txt"))).isEqualTo("precious");
    }
}
