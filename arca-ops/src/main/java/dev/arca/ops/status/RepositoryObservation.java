package dev.arca.ops.status;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What was found in one of the plan's repositories.
 *
 * @param error why the repository could not be read, if it could not
 * @param newestPoint per source ({@code <system>/<source>}), the newest moment it can be restored to:
 *     its newest snapshot, or for a streamed database the newest stored log
 * @param lastCheck the last recorded {@code arca check} of this repository, if any
 */
public record RepositoryObservation(String repository, Optional<String> error, Map<String, Instant> newestPoint,
                                    Optional<CheckRecord> lastCheck) {
    public RepositoryObservation {
        newestPoint = Map.copyOf(newestPoint);
    }

    public static RepositoryObservation unreachable(String repository, String error) {
        return new RepositoryObservation(repository, Optional.of(error), Map.of(), Optional.empty());
    }
}
