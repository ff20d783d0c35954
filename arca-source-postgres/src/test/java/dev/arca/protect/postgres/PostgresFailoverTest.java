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

/**
 * A failover between two real servers while Arca streams: the standby is promoted onto timeline 2, the
 * stream is pointed at it, and the base backup taken on timeline 1 still restores to any moment on
 * either side of the switch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFailoverTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final String STREAM = "ticketing/db";
    private LocalCluster primary;
    private LocalCluster standby;
    private Repository repo;
    private PostgresSource promoted;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private BackupResult base;
    private Instant afterA;
    private Instant afterB;
    private Instant afterC;

    @BeforeAll
    void failOver() throws Exception {
        primary = LocalCluster.start();
        repo = PgStreamFixture.repository(LocalStorage.open(primary.base().resolve("repo"), true));
        Path spool = primary.base().resolve("spool");
        primary.sql("CREATE TABLE marker (name text PRIMARY KEY)");

        PostgresSource first = new PostgresSource(STREAM, primary.connection(), Source.LogMode.STREAM, List.of(), primary.tools());
        AtomicBoolean stopFirst = new AtomicBoolean();
        Thread streamer = PgStreamFixture.stream(first, repo, spool, INTERVAL, events, stopFirst);
        PgStreamFixture.waitFor(() -> count("streaming WAL") == 1);
        base = first.backup(repo, new BackupOptions(List.of(), List.of(), List.of(), Optional.empty(), STREAM, "host",
                "tester", Duration.ZERO));
        afterA = commit(primary, "a");
        standby = primary.standby();
        afterB = commit(primary, "b");
        PgStreamFixture.waitFor(() -> rows(standby).contains("b"));

        // The primary is lost; the standby takes over on timeline 2 and the stream follows it.
        stopFirst.set(true);
        streamer.join(30_000);
        primary.stopServer();
        standby.promote();
        promoted = new PostgresSource(STREAM, standby.connection(), Source.LogMode.STREAM, List.of(), standby.tools());
        AtomicBoolean stopSecond = new AtomicBoolean();
        int streaming = count("streaming WAL");
        streamer = PgStreamFixture.stream(promoted, repo, spool, INTERVAL, events, stopSecond);
        PgStreamFixture.waitFor(() -> count("streaming WAL") > streaming);
        afterC = commit(standby, "c");
        commit(standby, "d");
        Thread.sleep(INTERVAL.toMillis() * 5);
        stopSecond.set(true);
        streamer.join(30_000);
    }

    private int count(String prefix) {
        return (int) events.stream().filter(e -> e.startsWith(prefix)).count();
    }

    /** Commits a marker row and returns a moment just after the commit, by the server's clock. */
    private static Instant commit(LocalCluster server, String name) throws Exception {
        server.sql("INSERT INTO marker (name) VALUES ('" + name + "')");
        Instant after = Instant.parse(server.sql(
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").getFirst());
        Thread.sleep(20);
        return after;
    }

    private static List<String> rows(LocalCluster server) {
        try {
            return server.sql("SELECT name FROM marker ORDER BY name");
        } catch (IOException e) {
            return List.of();
        }
    }

    @AfterAll
    void stopServers() throws IOException {
        for (LocalCluster c : new LocalCluster[] {standby, primary}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private List<String> restoreAndRead(PointInTime at, String name) throws IOException {
        Path dir = primary.newDirectory(name);
        int port = LocalCluster.freePort();
        RestoreReport report = promoted.restore(repo, at, new RestoreTarget(Optional.of(dir), Optional.empty(), port, Optional.empty()));
        try {
            assertThat(report.snapshot()).isEqualTo(base.snapshot().shortId());
            return primary.sql(port, "postgres", "SELECT name FROM marker ORDER BY name");
        } finally {
            primary.stopServerIn(dir);
        }
    }

    @Test
    void theStreamFollowedTheSwitchAndStoredTheNewTimelinesHistory() throws IOException {
        assertThat(repo.logs().files(STREAM)).extracting(f -> f.log())
                .contains("00000002.history")
                .anyMatch(log -> log.startsWith("00000002") && log.length() == 24);
        assertThat(events).noneMatch(e -> e.startsWith("FAILED") || e.startsWith("GAP"));
    }

    @Test
    void oneWindowRunsFromTheBaseBackupAcrossTheFailover() throws IOException {
        List<RecoveryWindow> windows = promoted.recoveryWindows(repo);

        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.snapshot()).isEqualTo(base.snapshot().shortId());
            assertThat(w.contains(afterA)).isTrue();
            assertThat(w.contains(afterB)).isTrue();
            assertThat(w.contains(afterC)).as("a moment after the failover, on timeline 2").isTrue();
            assertThat(w.brokenBy()).isEmpty();
        });
    }

    @Test
    void restoresToMomentsOnEitherSideOfTheSwitch() throws IOException {
        assertThat(restoreAndRead(new PointInTime.At(afterA), "at-a")).containsExactly("a");
        assertThat(restoreAndRead(new PointInTime.At(afterC), "at-c")).containsExactly("a", "b", "c");
        assertThat(restoreAndRead(new PointInTime.Latest(), "latest")).containsExactly("a", "b", "c", "d");
    }
}
