package dev.arca.protect.postgres;

import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies a restore's WAL segments from the repository into a stage directory, in replay order, each
 * written under a temporary name and renamed into place whole, then marks the end with {@link #DONE}
 * (or {@link #FAILED}). The last, partial segment is padded to the segment size as PostgreSQL expects;
 * it stops at the first invalid record, which is where the stored WAL ends.
 */
final class WalStager implements Runnable {
    static final String DONE = ".arca-done";
    static final String FAILED = ".arca-failed";

    private final Repository repo;
    private final WalChain.Run run;
    private final Path stage;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile IOException failure;
    private volatile int staged;

    WalStager(Repository repo, WalChain.Run run, Path stage) {
        this.repo = repo;
        this.run = run;
        this.stage = stage;
    }

    @Override
    public void run() {
        try {
            Files.createDirectories(stage);
            for (LogFile f : run.segments()) {
                if (cancelled.get()) {
                    break;
                }
                Path tmp = stage.resolve(f.log() + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    repo.logs().copy(f, out);
                }
                if (!f.complete()) {
                    try (var ch = Files.newByteChannel(tmp, StandardOpenOption.WRITE)) {
                        ch.position(run.segmentSize() - 1);
                        ch.write(java.nio.ByteBuffer.wrap(new byte[1]));
                    }
                }
                Files.move(tmp, stage.resolve(f.log()), StandardCopyOption.ATOMIC_MOVE);
                staged++;
            }
            Files.writeString(stage.resolve(DONE), "");
        } catch (IOException e) {
            failure = e;
            try {
                Files.writeString(stage.resolve(FAILED), String.valueOf(e.getMessage()));
            } catch (IOException ignored) {
                // the restore reports the first failure
            }
        }
    }

    /** Stops after the segment being copied: the server has promoted and needs no more. */
    void cancel() {
        cancelled.set(true);
    }

    int staged() {
        return staged;
    }

    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }
}
