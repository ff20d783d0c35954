package dev.arca.plan.retention;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one snapshot: it is kept exactly when at least one rule gives a reason for it.
 *
 * @param snapshot the snapshot judged
 * @param reasons every rule that keeps it, in rule order (tags, within, last, hourly, daily,
 *     weekly, monthly, yearly), such as {@code daily snapshot for 2026-11-25}; empty if forgotten
 */
public record Decision(SnapshotRef snapshot, List<String> reasons) {
    public Decision {
        Objects.requireNonNull(snapshot, "snapshot");
        reasons = List.copyOf(reasons);
    }

    /** Whether the snapshot stays; a snapshot that no rule claims is forgotten. */
    public boolean keep() {
        return !reasons.isEmpty();
    }
}
