package dev.arca.repository;

import dev.arca.repository.chunker.ChunkSizes;

/**
 * The settings fixed when a repository is created, stored encrypted in {@code config/config}.
 *
 * @param version the format version (2; version 1 sealed blobs without their ids as associated data)
 * @param id a random identifier, shown to users and stamped into snapshots
 * @param chunks the content-defined chunking sizes
 * @param compressionLevel the zstd level for new blobs
 * @param packSize the size at which a pack is closed and stored
 * @param immutableDays how many days after it was stored no object (but locks) may be removed; absent
 *     or 0 for a repository that is not immutable
 */
public record RepositoryConfig(int version, String id, ChunkSizes chunks, int compressionLevel, int packSize,
                               Integer immutableDays) {
    public static final int FORMAT_VERSION = 2;
    /** Large enough for object stores to like it, small enough that a lost pack loses little. */
    public static final int DEFAULT_PACK_SIZE = 16 << 20;

    public RepositoryConfig {
        if (version != FORMAT_VERSION) {
            throw new UnsupportedFormatException("repository format version " + version + " is not supported; this Arca reads version "
                    + FORMAT_VERSION + (version == 1 ? " (version 1 came from development builds before 2026-11-27, whose"
                    + " blobs are not bound to their ids; back up into a new repository made by 'arca init')" : ""));
        }
        if (compressionLevel < 1 || compressionLevel > 19) {
            throw new IllegalArgumentException("compression level " + compressionLevel + " is outside 1-19");
        }
        if (immutableDays != null && (immutableDays < 0 || immutableDays > 36500)) {
            throw new IllegalArgumentException("immutability period " + immutableDays + " days is outside 0-36500");
        }
        if (packSize < (1 << 20) || packSize > (128 << 20)) {
            throw new IllegalArgumentException("pack size " + packSize + " is outside 1 MiB-128 MiB");
        }
    }

    /** The immutability period in days, 0 when the repository is not immutable. */
    public int immutability() {
        return immutableDays == null ? 0 : immutableDays;
    }
}
