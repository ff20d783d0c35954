package dev.arca.protect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.plan.Source;
import dev.arca.protect.log.LogShipper;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import dev.arca.repository.log.LogPiece;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binlog stream against a real server that restarts and loses binlogs. */
class BinlogStreamTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    @TempDir
    static Path tmp;
    private static MariadbServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MariadbServer.start(tmp.resolve("server"), MariadbServer.withBinlog());
        server.sql("CREATE DATABASE app; CREATE TABLE app.t(id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
    }

    @AfterAll
    static void stop() throws Exception {
        Fixtures.close(server);
    }

    private static MariadbSource source(String stream) {
        return new MariadbSource(stream, server.endpoint(), List.of("app"), Source.Mariadb.Method.DUMP);
    }

    private static void insert(String v) throws Exception {
        server.sql("INSERT INTO app.t(v) VALUES ('" + v + "')");
    }

    private static String[] masterStatus() throws Exception {
        return server.query("SHOW MASTER STATUS").getFirst().split("\t");
    }


    private static byte[] stored(Repository repo, LogFile f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        repo.logs().copy(f, out);
        return out.toByteArray();
    }

    @Test
    void survivesAServerRestartWithoutAGap() throws Exception {
        MariadbSource source = source("restart/db");
        try (Repository repo = Fixtures.repository()) {
            source.backup(repo, Fixtures.options());
            try (Fixtures.RunningStream stream = new Fixtures.RunningStream(source, repo, tmp.resolve("spool1"), INTERVAL)) {
                insert("before-restart");
                Fixtures.caughtUp(server, repo, "restart/db");
                server.restart();
                insert("after-restart");
                Fixtures.caughtUp(server, repo, "restart/db");
                stream.close();
                assertThat(stream.events).anyMatch(e -> e.startsWith("mariadb-binlog stopped (exit code "));
                assertThat(stream.events).filteredOn(e -> e.startsWith("streaming binlogs of restart/db")).hasSizeGreaterThan(1);
                assertThat(stream.events).noneMatch(e -> e.startsWith("GAP"));
            }
            List<RecoveryWindow> windows = source.recoveryWindows(repo);
            assertThat(windows).hasSize(1);
            assertThat(windows.getFirst().brokenBy()).isEmpty();
            List<LogFile> files = repo.logs().files("restart/db");
            assertThat(files.size()).isGreaterThanOrEqualTo(2);
            for (LogFile f : files) {
                byte[] onServer = Files.readAllBytes(server.binlogDir().resolve(f.log()));
                byte[] inRepo = stored(repo, f);
                if (f.complete()) {
                    assertThat(inRepo).as(f.log()).isEqualTo(onServer);
                } else {
                    assertThat(inRepo.length).as(f.log()).isEqualTo(onServer.length);
                }
            }
        }
    }

    @Test
    void reportsABinlogPurgedWhileTheStreamWasStoppedAsAGap() throws Exception {
        MariadbSource source = source("purge/db");
        try (Repository repo = Fixtures.repository()) {
            source.backup(repo, Fixtures.options());
            Path spool = tmp.resolve("spool2");
            try (Fixtures.RunningStream stream = new Fixtures.RunningStream(source, repo, spool, INTERVAL)) {
                insert("streamed");
                Fixtures.caughtUp(server, repo, "purge/db");
            }
            String held = masterStatus()[0];
            BinlogName lost = BinlogName.of(held);
            insert("lost-1");
            server.sql("FLUSH BINARY LOGS");
            insert("lost-2");
            server.sql("FLUSH BINARY LOGS");
            String oldest = masterStatus()[0];
            // The server keeps a file while its binlog checkpoint or a lingering dump thread needs it, and
            // may let go of the files before the newest one a purge at a time: wait until the oldest it has
            // is the one the message will name (CI once saw binlog.000002 left behind).
            Fixtures.await("the server to purge every binlog before " + oldest, 30, () -> {
                try {
                    server.sql("PURGE BINARY LOGS TO '" + oldest + "'");
                    List<String> left = server.query("SHOW BINARY LOGS");
                    return !left.isEmpty() && left.get(0).startsWith(oldest + "\t");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            insert("after-gap");
            try (Fixtures.RunningStream stream = new Fixtures.RunningStream(source, repo, spool, INTERVAL)) {
                stream.awaitEvent("GAP:", 30);
                Fixtures.caughtUp(server, repo, "purge/db");
                stream.close();
                assertThat(stream.events).filteredOn(e -> e.startsWith("GAP:")).containsExactly(
                        "GAP: MariaDB server 127.0.0.1:" + server.port() + " (source purge/db) no longer has binlog "
                                + held + " (its oldest is " + oldest + "): the changes from " + held + " up to " + oldest
                                + " are lost to the stream, and recovery windows end before them\n"
                                + "HINT: take a new backup now so that a new recovery window starts, and keep binlogs "
                                + "on the server longer than the stream can be down (binlog_expire_logs_seconds)");
            }
            LogFile cut = repo.logs().file("purge/db", held).orElseThrow();
            assertThat(cut.complete()).isFalse();
            List<RecoveryWindow> windows = source.recoveryWindows(repo);
            assertThat(windows).hasSize(1);
            assertThat(windows.getFirst().brokenBy()).isEqualTo(Optional.of("binlog " + lost + " is incomplete: only its first "
                    + cut.end() + " bytes are stored"));
            assertThat(repo.logs().file("purge/db", lost.next().toString())).isEmpty();
            assertThat(repo.logs().file("purge/db", oldest)).isPresent();
        }
    }

    @Test
    void anIdleServersWindowRunsOnButNeverPastWhatTheStreamHasNotReceived() throws Exception {
        Duration interval = Duration.ofMillis(100);
        long confirmEvery = interval.toMillis() * LogShipper.CONFIRM_AFTER_IDLE_ROUNDS;
        MariadbSource source = source("idle/db");
        try (Repository repo = Fixtures.repository()) {
            source.backup(repo, Fixtures.options());
            Path spool = tmp.resolve("spool-idle");
            try (Fixtures.RunningStream stream = new Fixtures.RunningStream(source, repo, spool, interval)) {
                insert("last-write");
                Fixtures.caughtUp(server, repo, "idle/db");
                Instant lastWrite = repo.logs().pieces("idle/db").stream().filter(p -> p.length() > 0)
                        .map(LogPiece::time).max(Instant::compareTo).orElseThrow();
                Thread.sleep(confirmEvery * 4);
                assertThat(source.recoveryWindows(repo).getLast().to()).isAfter(lastWrite.plusMillis(confirmEvery * 2));

                Process stop = new ProcessBuilder("pkill", "-STOP", "-f", "mariadb-binlog.*" + spool).start();
                assertThat(stop.waitFor()).as("pkill found mariadb-binlog").isZero();
                insert("unreceived");
                // A confirmation may still come between the stop and the insert's commit (one was taken 0.2 ms after
                // an instant read just before sending the insert): it is true. None may come after the commit, which
                // is before this instant.
                Instant committed = Instant.now();
                Thread.sleep(confirmEvery * 3);
                assertThat(source.recoveryWindows(repo).getLast().to()).as("no confirmation past a binlog not received")
                        .isBefore(committed);
                assertThat(new ProcessBuilder("pkill", "-CONT", "-f", "mariadb-binlog.*" + spool).start().waitFor()).isZero();
                Fixtures.caughtUp(server, repo, "idle/db");
                assertThat(stream.events).noneMatch(e -> e.startsWith("GAP"));
            }
        }
    }
}
