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
 * @param oneFileSystem whether to stay on the file system of each path: a directory on another one (a
 *     mount point) is kept, empty
 * @param excludeCaches whether to leave out the contents of directories tagged as caches by a
 *     {@code CACHEDIR.TAG} file (bford.info/cachedir), keeping the directory and its tag
 * @param dryRun whether to read, chunk and hash everything but store nothing: no pack, no index, no
 *     snapshot, only the counts of what would be added
 */
public record BackupOptions(List<Path> paths, List<String> excludes, List<String> tags, Optional<Snapshot> parent,
                            String source, String host, String user, Duration lockWait, boolean oneFileSystem,
                            boolean excludeCaches, boolean dryRun) {
    public BackupOptions {
        paths = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        excludes = List.copyOf(excludes);
        tags = List.copyOf(tags);
    }

    /** Options that cross file systems, keep caches and store what they read, as backups of streams do. */
    public BackupOptions(List<Path> paths, List<String> excludes, List<String> tags, Optional<Snapshot> parent,
                         String source, String host, String user, Duration lockWait) {
        this(paths, excludes, tags, parent, source, host, user, lockWait, false, false, false);
    }
}
