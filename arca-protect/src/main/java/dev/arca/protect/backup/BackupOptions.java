package dev.arca.protect.backup;

import dev.arca.repository.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to back up and how.
 *
 * @param paths absolute paths to back up
 * @param parent the snapshot to compare against: files whose size, mtime, ctime, inode and device
 *     match it are not read again
 * @param source the name snapshots are grouped by for retention, such as {@code files}
 * @param lockWait how long to wait for an exclusive lock (a running prune) to go away
 */
public record BackupOptions(List<Path> paths, List<String> excludes, List<String> tags, Optional<Snapshot> parent,
                            String source, String host, String user, Duration lockWait) {
    public BackupOptions {
        paths = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        excludes = List.copyOf(excludes);
        tags = List.copyOf(tags);
    }
}
