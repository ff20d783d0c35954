package dev.arca.protect.copy;

import dev.arca.repository.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;

/**
 * What makes two snapshots in different repositories the same backup. Their ids cannot tell: an id is
 * the hash of the stored document, which each repository encrypts under its own key.
 */
record SnapshotIdentity(String tree, Instant time, String host, String source, List<String> paths) {
    static SnapshotIdentity of(Snapshot s) {
        return new SnapshotIdentity(s.tree(), s.time(), s.host(), s.source(), List.copyOf(s.paths()));
    }
}
