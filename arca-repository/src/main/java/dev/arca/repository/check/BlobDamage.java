package dev.arca.repository.check;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;
import java.util.List;

/**
 * A blob that cannot be read back intact, and what that costs.
 *
 * @param pack where the index places it, or null when no index lists it
 * @param affects the snapshots and paths that need it; empty when no snapshot does
 */
public record BlobDamage(BlobType type, BlobId id, String pack, String problem, List<AffectedPath> affects) {

    public BlobDamage {
        affects = List.copyOf(affects);
    }

    BlobDamage(BlobType type, BlobId id, String pack, Damage damage) {
        this(type, id, pack, damage.problem(), List.of());
    }

    /** For example {@code blob 9c1e… in pack 3fa2…: does not decrypt (damaged or tampered with)}; trees say "tree". */
    public String text() {
        return (type == BlobType.TREE ? "tree " : "blob ") + id.hex() + (pack == null ? "" : " in pack " + pack) + ": "
                + problem;
    }

    BlobDamage affecting(List<AffectedPath> paths) {
        return new BlobDamage(type, id, pack, problem, paths);
    }
}
