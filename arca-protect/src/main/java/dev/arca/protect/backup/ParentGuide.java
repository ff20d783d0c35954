package dev.arca.protect.backup;

import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.tree.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chunks of a changed file's version in the parent snapshot, in order, with their lengths: where
 * the new version is likely to be cut again.
 *
 * <p>A chunk's end depends only on the bytes from its start to that end (see {@code Chunker}). So if a
 * stretch of the new version that starts where a parent chunk started holds that chunk's bytes, the
 * content-defined cut falls at the end of that chunk again, and hashing the stretch is enough to know
 * it, without running the gear hash over it. The one exception is the parent's last chunk, which the
 * end of the file may have cut: it is never used as a guess.
 */
final class ParentGuide {
    private final BlobId[] ids;
    private final int[] lengths;
    private final List<String> checks;
    private final Map<BlobId, Integer> firstIndex = new HashMap<>();

    private ParentGuide(BlobId[] ids, int[] lengths, List<String> checks) {
        this.ids = ids;
        this.lengths = lengths;
        this.checks = checks;
        for (int i = ids.length - 1; i >= 0; i--) {
            firstIndex.put(ids[i], i);
        }
    }

    /**
     * The guide for a file whose parent version is {@code parent}, when there is something to guess: a
     * regular file of two chunks or more, all of them in the index.
     */
    static Optional<ParentGuide> of(Optional<Node> parent, BlobIndex index) {
        if (parent.isEmpty() || parent.get().type() != Node.Type.FILE || parent.get().content() == null
                || parent.get().content().size() < 2) {
            return Optional.empty();
        }
        List<String> content = parent.get().content();
        BlobId[] ids = new BlobId[content.size()];
        int[] lengths = new int[content.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = BlobId.parse(content.get(i));
            Optional<BlobIndex.Location> at = index.find(ids[i]);
            if (at.isEmpty()) {
                return Optional.empty();
            }
            lengths[i] = at.get().rawLength();
        }
        return Optional.of(new ParentGuide(ids, lengths, parent.get().checks()));
    }

    /** Whether chunk {@code i} can be guessed: it exists and is not the last, which the file's end may have cut. */
    boolean guessable(int i) {
        return i >= 0 && i < ids.length - 1;
    }

    BlobId id(int i) {
        return ids[i];
    }

    /** Chunk {@code i}'s chunk check (base64), or null where the parent version recorded none. */
    String check(int i) {
        return checks == null ? null : checks.get(i);
    }

    int length(int i) {
        return lengths[i];
    }

    /** The position of a chunk with this id in the parent version, or -1. */
    int indexOf(BlobId id) {
        return firstIndex.getOrDefault(id, -1);
    }
}
