package dev.arca.protect.postgres;

import dev.arca.plan.Source;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.log.LogShipper;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogPiece;
import dev.arca.storage.local.LocalStorage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that writes nothing while Arca streams: its window keeps up with the clock all the same. */
class PostgresIdleStreamTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    /** A server with a repository, streaming into it, and a base backup taken. */
    private record Streaming(LocalCluster server, Repository repo, PostgresSource source, List<String> events,
            AtomicBoolean stop, Thread streamer) implements AutoCloseable {
        static Streaming start() throws Exception {
            LocalCluster server = LocalCluster.start();
            Repository repo = PgStreamFixture.repository(LocalStorage.open(server.base().resolve("repo"), true));
            PostgresSource source = new PostgresSource("ticketing/db", server.connection(), Source.LogMode.STREAM, List.of(),
                    server.tools());
            List<String> events = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread streamer = PgStreamFixture.stream(source, repo, server.base().resolve("spool"), INTERVAL, events, stop);
            PgStreamFixture.waitFor(() -> events.stream().anyMatch(e -> e.startsWith("streaming WAL")));
            source.backup(repo, new BackupOptions(List.of(), List.of(), List.of(), Optional.empty(), "ticketing/db",
                    "host", "tester", Duration.ZERO));
            server.sql("CREATE TABLE marker (name text)");
            return new Streaming(server, repo, source, events, stop, streamer);
        }

        RecoveryWindow window() throws IOException {
            List<RecoveryWindow> windows = source.recoveryWindows(repo);
            assertThat(windows).hasSize(1);
            return windows.getFirst();
        }

        /** Stops or resumes the pg_receivewal this stream runs. */
        void signalReceiver(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("pkill", "-" + signal, "-f", "pg_receivewal.* -D " + server.base().resolve("spool"))
                    .inheritIO().start();
            assertThat(kill.waitFor()).as("pkill -" + signal + " found pg_receivewal").isZero();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            streamer.join(30_000);
            server.close();
        }
    }

    /** Long enough for several confirmations. */
    private static void idle() throws InterruptedException {
        Thread.sleep(INTERVAL.toMillis() * LogShipper.CONFIRM_AFTER_IDLE_ROUNDS * 4);
    }

    @Test
    void anIdleServersWindowEndsAtTheLastConfirmationNotAtItsLastWrite() throws Exception {
        try (Streaming s = Streaming.start()) {
            s.server().sql("CHECKPOINT");
            Thread.sleep(1000);
            Instant lastWrite = newestWrite(s.repo());

            // Nothing is written now; the stream confirms every ten idle intervals that nothing was missed.
            idle();
            Instant idleUntil = Instant.now();

            assertThat(newestWrite(s.repo())).as("the server wrote no WAL while idle").isEqualTo(lastWrite);
            assertThat(s.window().to())
                    .isAfter(lastWrite.plus(INTERVAL.multipliedBy(LogShipper.CONFIRM_AFTER_IDLE_ROUNDS * 2)))
                    .isBefore(idleUntil);
            List<LogPiece> confirmations = s.repo().logs().pieces("ticketing/db").stream()
                    .filter(p -> p.kind() == LogPiece.Kind.LIVE && p.length() == 0).toList();
            assertThat(confirmations).as("each confirmation replaces the one before").hasSize(1);
            assertThat(s.events()).noneMatch(e -> e.startsWith("FAILED") || e.startsWith("GAP"));
        }
    }

    @Test
    void nothingIsConfirmedWhileTheServerHasWalTheStreamHasNot() throws Exception {
        try (Streaming s = Streaming.start()) {
            Thread.sleep(INTERVAL.toMillis() * 5); // what was received is shipped (and stamped) before the stall
            s.signalReceiver("STOP");
            Instant beforeCommit = Instant.now();
            s.server().sql("INSERT INTO marker VALUES ('unreceived')");
            idle();

            assertThat(s.window().to()).as("no confirmation past WAL not yet received").isBefore(beforeCommit);

            s.signalReceiver("CONT");
            Thread.sleep(INTERVAL.toMillis() * 10);
            assertThat(s.window().to()).isAfter(beforeCommit);
        }
    }

    /** When the newest stored WAL bytes arrived, confirmations aside. */
    private static Instant newestWrite(Repository repo) throws IOException {
        return repo.logs().pieces("ticketing/db").stream().filter(p -> p.length() > 0).map(LogPiece::time)
                .max(Instant::compareTo).orElseThrow();
    }
}
