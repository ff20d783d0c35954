package dev.arca.protect.backup;

import dev.arca.repository.snapshot.Snapshot;
import java.util.List;

/**
 * A finished backup: the snapshot written (in a dry run, the snapshot that would have been written,
 * without an id), and the files that could not be read (they are left out of the snapshot; the command
 * exits with code 3, partial).
 */
public record BackupResult(Snapshot snapshot, List<String> warnings) {
    public BackupResult {
        warnings = List.copyOf(warnings);
    }

    public boolean partial() {
        return !warnings.isEmpty();
    }
}
