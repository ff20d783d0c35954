package dev.arca.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one-line progress display of long operations — files, bytes, rate and ETA, redrawn each
 * second on standard error — shown only when a person is watching a terminal, so that logs and
 * pipes stay clean.
 */
final class ProgressLine implements AutoCloseable {
    private final PrintWriter err;
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile boolean drawn;

    /** Counters to show; totals may be 0 while unknown. */
    record Counters(LongSupplier files, LongSupplier totalFiles, LongSupplier bytes, LongSupplier totalBytes) {
    }

    ProgressLine(Arca arca, String verb, Counters c) {
        this.err = arca.err;
        if (!arca.interactive) {
            this.thread = null;
            return;
        }
        this.thread = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                draw(verb, c);
            }
        });
    }

    private synchronized void draw(String verb, Counters c) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = c.bytes().getAsLong();
        double rate = seconds > 0 ? bytes / seconds : 0;
        long total = c.totalBytes().getAsLong();
        String eta = total > bytes && rate > 0 ? ", ETA " + Sizes.duration(Duration.ofMillis((long) ((total - bytes) / rate * 1000))) : "";
        String line = String.format(Locale.ROOT, "[%s] %s %d%s files, %s%s, %s/s%s", Sizes.duration(Duration.ofMillis((long) (seconds * 1000))),
                verb, c.files().getAsLong(), c.totalFiles().getAsLong() > 0 ? "/" + c.totalFiles().getAsLong() : "",
                Sizes.bytes(bytes), total > 0 ? "/" + Sizes.bytes(total) : "", Sizes.bytes((long) rate), eta);
        err.print("\r" + line + "\u001b[K");
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
            if (drawn) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
