package dev.arca.protect.mariadb;

import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.source.StreamControl;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.storage.memory.MemoryStorage;
import dev.arca.repository.log.LogFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** What the MariaDB tests share: a quick repository, backup options, a stream running in the background. */
final class Fixtures {
    private Fixtures() {
    }

    static Repository repository() throws IOException {
        Repository.InitOptions d = Repository.InitOptions.defaults("host", "tester");
        return Repository.init(new MemoryStorage(), "pw".toCharArray(), new Repository.InitOptions(
                new ScryptParams(1 << 10, 8, 1), d.compressionLevel(), d.packSize(), d.chunks(), d.host(), d.user()),
                Clock.systemUTC());
    }

    static BackupOptions options() {
        return new BackupOptions(List.of(), List.of(), List.of(), Optional.empty(), "ignored", "host", "tester",
                Duration.ZERO);
    }

    /** Waits for a condition for up to {@code seconds}. */
    static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the repository holds the server's binlog up to its current position. */
    static void caughtUp(MariadbServer server, Repository repo, String stream) throws Exception {
        String[] status = server.query("SHOW MASTER STATUS").getFirst().split("\t");
        long position = Long.parseLong(status[1]);
        await("the stream to store " + status[0] + ":" + position, 60, () -> {
            try {
                return repo.logs().file(stream, status[0]).map(LogFile::end).orElse(0L) >= position;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Stops and removes the servers a test class started, those that did start. */
    static void close(MariadbServer... servers) throws Exception {
        for (MariadbServer s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** Sleeps into the next whole second, plus {@code millis}: binlog times are whole seconds. */
    static Instant intoNextSecond(int millis) throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1).plusMillis(millis);
        Thread.sleep(Duration.between(now, next).toMillis() + 1);
        return Instant.now();
    }

    /** Writes one marker row on the source. */
    @FunctionalInterface
    interface Marker {
        void mark(String name) throws Exception;
    }

    /** The two target times of the marker scenario, and the source's {@code shop} database at the second. */
    record Timeline(Instant t1, Instant t2, String shopAtT2) {
    }

    /**
     * Writes the markers a restore is checked with, each in a second of its own: m1, target t1, m2, a new
     * binlog file, m1 renamed to m1-updated (and the statements {@code alsoBeforeT2}, if any), target t2, m3, and marker
     * {@code first} deleted.
     */
    static Timeline markers(MariadbServer source, Marker marker, String alsoBeforeT2, String first) throws Exception {
        intoNextSecond(300);
        marker.mark("m1");
        Instant t1 = intoNextSecond(300);
        intoNextSecond(300);
        marker.mark("m2");
        source.sql("FLUSH BINARY LOGS");
        source.sql("UPDATE shop.marker SET name = 'm1-updated' WHERE name = 'm1'"
                + (alsoBeforeT2.isEmpty() ? "" : "; " + alsoBeforeT2));
        Instant t2 = intoNextSecond(300);
        String shopAtT2 = source.dump("shop");
        intoNextSecond(300);
        marker.mark("m3");
        source.sql("DELETE FROM shop.marker WHERE name = '" + first + "'");
        return new Timeline(t1, t2, shopAtT2);
    }

    /** A binlog stream running on its own thread until {@link #close()}. */
    static final class RunningStream implements AutoCloseable {
        final List<String> events = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        RunningStream(MariadbSource source, Repository repo, Path spool, Duration interval) {
            StreamControl control = new StreamControl(interval, events::add, stop);
            thread = Thread.ofPlatform().name("test-stream").start(() -> {
                try {
                    source.stream(repo, spool, control);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        /** Waits until an event starting with {@code start} is told. */
        void awaitEvent(String start, int seconds) throws InterruptedException {
            try {
                await("an event \"" + start + "...\"", seconds, () -> failure.get() != null
                        || events.stream().anyMatch(e -> e.startsWith(start)));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; events: " + events, failure.get());
            }
            if (failure.get() != null) {
                throw new AssertionError("stream failed; events: " + events, failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
            if (failure.get() != null) {
                throw new AssertionError("stream failed", failure.get());
            }
        }
    }
}
