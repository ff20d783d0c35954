package dev.arca.repository.tree;

import dev.arca.repository.CorruptObjectException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A directory listing, nodes sorted by name so that equal directories encode to equal bytes and
 * deduplicate. Stored as a JSON blob.
 */
public record Tree(List<Node> nodes) {

    public Tree {
        nodes = nodes.stream().sorted(Comparator.comparing(Node::name)).toList();
    }

    /**
     * The node named {@code name}. A binary search, because a backup looks up every entry of a directory
     * in its parent snapshot's tree: a linear scan made that quadratic in the directory's size.
     */
    public Optional<Node> find(String name) {
        int low = 0;
        int high = nodes.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Node n = nodes.get(mid);
            int c = n.name().compareTo(name);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    public byte[] encode() {
        return TreeCodec.encode(this);
    }

    public static Tree decode(String id, byte[] json) throws CorruptObjectException {
        return TreeCodec.decode(id, json);
    }
}
