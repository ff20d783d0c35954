package dev.arca.protect.backup;

import dev.arca.repository.snapshot.Snapshot;
import java.util.List;

/**
 * A finished backup: the snapshot written (in a dry run, the snapshot that would have been written,
 * without an id), and a warning for each entry that could not be read (left out of the snapshot) or whose
 * name could not be stored exactly; with any, the command exits with code 3, partial.
 */
public record BackupResult(Snapshot snapshot, List<String> warnings) {
    public BackupResult {
        warnings = List.copyOf(warnings);
    }

    public boolean partial() {
        return !warnings.isEmpty();
    }
}
