package dev.arca.repository.check;

import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A few threads for storage reads. Reading a repository back is bound by the latency of many small or
 * large requests, not by the CPU, so several reads in flight make a remote check several times faster.
 * Results are taken in the order the reads were submitted, which keeps every report deterministic.
 */
final class ReadPool implements AutoCloseable {
    private final ExecutorService threads;

    ReadPool(String name, int size) {
        this.threads = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    <T> Future<T> submit(Callable<T> read) {
        return threads.submit(read);
    }

    /** Waits for a read; damage it found is rethrown as such. */
    static <T> T result(Future<T> read) throws Damage, InterruptedIOException {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the repository");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Damage d) {
                throw d;
            }
            // Damage and storage failures are findings; anything else is a bug, and must not pass as damage.
            throw new IllegalStateException("reading the repository failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
