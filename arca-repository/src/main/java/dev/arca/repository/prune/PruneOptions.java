package dev.arca.repository.prune;

import java.time.Duration;
import java.util.Objects;

/**
 * How prune decides and runs.
 *
 * @param dryRun decide and report, but change nothing
 * @param maxUnused repack a partly used pack when more than this fraction of its bytes is unused
 * @param tinyPack repack a partly used pack smaller than this fraction of the repository's pack size,
 *     whatever its unused share
 * @param lockWait how long to wait for backups and checks to finish before giving up
 */
public record PruneOptions(boolean dryRun, double maxUnused, double tinyPack, Duration lockWait) {
    /**
     * 5%: waste stays within 5% of every pack, hence of the repository (restic's default target too),
     * while a pack with a few forgotten blobs is not rewritten for a small gain: repacking copies the
     * used part, so freeing a share {@code u} costs {@code (1 - u) / u} times as much copying, at most
     * 19 times at 5%.
     */
    public static final double DEFAULT_MAX_UNUSED = 0.05;
    /**
     * A sixteenth (1 MiB of 16 MiB): rewriting such a pack costs little whatever it holds, and folds the
     * small packs that end every backup into full ones, which keeps the object count down.
     */
    public static final double DEFAULT_TINY_PACK = 1.0 / 16;

    public PruneOptions {
        Objects.requireNonNull(lockWait, "lockWait");
        if (!(maxUnused >= 0 && maxUnused <= 1) || !(tinyPack >= 0 && tinyPack <= 1)) {
            throw new IllegalArgumentException("prune: max unused " + maxUnused + " and tiny pack " + tinyPack
                    + " must be fractions from 0 to 1");
        }
    }

    public static PruneOptions defaults() {
        return new PruneOptions(false, DEFAULT_MAX_UNUSED, DEFAULT_TINY_PACK, Duration.ZERO);
    }

    public PruneOptions withDryRun(boolean dry) {
        return new PruneOptions(dry, maxUnused, tinyPack, lockWait);
    }

    public PruneOptions withMaxUnused(double fraction) {
        return new PruneOptions(dryRun, fraction, tinyPack, lockWait);
    }

    public PruneOptions withTinyPack(double fraction) {
        return new PruneOptions(dryRun, maxUnused, fraction, lockWait);
    }

    public PruneOptions withLockWait(Duration wait) {
        return new PruneOptions(dryRun, maxUnused, tinyPack, wait);
    }
}
