package dev.arca.protect.source;

import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.repository.Repository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A database that Arca backs up with the database's own tools and whose transaction log it streams, so
 * that it can be restored to any moment in a recovery window (DESIGN.md section 4).
 *
 * <p>Snapshots and log files of a source are grouped under its {@link #stream() stream name},
 * {@code <system>/<source>} in a plan.
 */
public interface DatabaseSource {

    /** The name snapshots and logs of this source are stored under, such as {@code ticketing/db}. */
    String stream();

    /**
     * Takes a base backup or dump into the repository; the snapshot's consistency map records where the
     * log must be replayed from.
     */
    BackupResult backup(Repository repo, BackupOptions options) throws IOException;

    /**
     * Streams the log into the repository until {@code stop} is set, restarting the database's tool after
     * a disconnect; {@code spool} is a local directory the tool writes to before the files are shipped.
     */
    void stream(Repository repo, Path spool, StreamControl control) throws IOException, InterruptedException;

    /** The time windows the repository can restore this source to, oldest first, with the gaps that break them. */
    List<RecoveryWindow> recoveryWindows(Repository repo) throws IOException;

    /** Restores the source as it was at {@code at} into {@code target}. */
    RestoreReport restore(Repository repo, PointInTime at, RestoreTarget target) throws IOException;
}
