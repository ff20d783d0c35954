package dev.arca.plan.retention;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What retention needs to know about a snapshot.
 *
 * @param id the snapshot's id; it also breaks ties between snapshots taken at the same instant
 * @param time the snapshot's consistency point
 * @param group the key the policy is applied under, such as host and source; groups never affect
 *     one another, so that a busy source cannot push a quiet one's snapshots out
 * @param tags the snapshot's tags, matched against {@link RetentionPolicy#keepTags()}
 */
public record SnapshotRef(String id, Instant time, String group, Set<String> tags) {
    public SnapshotRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(group, "group");
        tags = Set.copyOf(tags);
    }
}
