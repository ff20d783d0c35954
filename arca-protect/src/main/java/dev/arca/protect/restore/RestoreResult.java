package dev.arca.protect.restore;

import java.util.List;

/**
 * A finished restore.
 *
 * @param files regular files restored intact, hard links included
 * @param directories directories restored
 * @param bytes content bytes of the files restored intact
 * @param damaged files (and directories whose listing was lost) that were not restored because their
 *     data failed verification or could not be read; the command exits with code 3, partial
 * @param warnings what was restored without some of its metadata, or skipped on purpose (device
 *     nodes, sockets)
 */
public record RestoreResult(long files, long directories, long bytes, List<Damaged> damaged, List<String> warnings) {
    /** A path in the snapshot that could not be restored, and why. */
    public record Damaged(String path, String reason) {
    }

    public RestoreResult {
        damaged = List.copyOf(damaged);
        warnings = List.copyOf(warnings);
    }

    /** Whether some content is missing from the restore. */
    public boolean partial() {
        return !damaged.isEmpty();
    }
}
