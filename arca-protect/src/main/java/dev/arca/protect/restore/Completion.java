package dev.arca.protect.restore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for work done on another thread and gives back its outcome as the caller's own, I/O failures as they were. */
final class Completion {
    private Completion() {
    }

    /** @param what what is being waited for, for the messages */
    static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(what + " failed: " + e.getCause(), e.getCause());
        }
    }
}
