package dev.arca.cli;

import dev.arca.protect.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

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

    ProgressLine(Arca arca, String verb, Progress c) {
        this.err = arca.err;
        if (!arca.interactive) {
            this.thread = null;
            return;
        }
        c.watch();
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

    private synchronized void draw(String verb, Progress c) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = c.bytes();
        double rate = seconds > 0 ? bytes / seconds : 0;
        long total = c.totalBytes();
        String eta = total > bytes && rate > 0 ? ", ETA " + Sizes.duration(Duration.ofMillis((long) ((total - bytes) / rate * 1000))) : "";
        String line = String.format(Locale.ROOT, "[%s] %s %d%s files, %s%s, %s/s%s", Sizes.duration(Duration.ofMillis((long) (seconds * 1000))),
                verb, c.files(), c.totalFiles() > 0 ? "/" + c.totalFiles() : "",
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
