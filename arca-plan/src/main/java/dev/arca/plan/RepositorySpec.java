package dev.arca.plan;

import java.util.Optional;

/**
 * A storage target holding an Arca repository.
 *
 * @param immutableDays how long nothing in it may be deleted or overwritten (0: not immutable)
 * @param storageClass an object-store class for new data, such as {@code STANDARD_IA} (empty: default)
 * @param retention its own retention, replacing the plan's for this repository
 */
public record RepositorySpec(
        String name,
        String url,
        Site site,
        Media media,
        int immutableDays,
        Optional<String> storageClass,
        Optional<Retention> retention) {

    public boolean immutable() {
        return immutableDays > 0;
    }
}
