package dev.arca.repository.tree;

import dev.arca.repository.CorruptObjectException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A directory listing, nodes sorted by name so that equal directories encode to equal bytes and
 * deduplicate. Stored as a JSON blob. Names that are not valid UTF-8 can decode to the same text; such
 * nodes follow one another, in the order of their base64 bytes.
 */
public record Tree(List<Node> nodes) {
    private static final Comparator<Node> ORDER = Comparator.comparing(Node::name)
            .thenComparing(Node::nameRaw, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Tree {
        nodes = nodes.stream().sorted(ORDER).toList();
    }

    /**
     * The node named {@code name}. A binary search, because a backup looks up every entry of a directory
     * in its parent snapshot's tree: a linear scan made that quadratic in the directory's size.
     */
    public Optional<Node> find(String name) {
        int at = indexOf(name);
        return at < 0 ? Optional.empty() : Optional.of(nodes.get(at));
    }

    /** The node of that name and those bytes ({@link Node#nameRaw}, null for a name that is valid UTF-8). */
    public Optional<Node> find(String name, String nameRaw) {
        int at = indexOf(name);
        if (at < 0) {
            return Optional.empty();
        }
        while (at > 0 && nodes.get(at - 1).name().equals(name)) {
            at--;
        }
        for (; at < nodes.size() && nodes.get(at).name().equals(name); at++) {
            if (java.util.Objects.equals(nodes.get(at).nameRaw(), nameRaw)) {
                return Optional.of(nodes.get(at));
            }
        }
        return Optional.empty();
    }

    private int indexOf(String name) {
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
                return mid;
            }
        }
        return -1;
    }

    public byte[] encode() {
        return TreeCodec.encode(this);
    }

    public static Tree decode(String id, byte[] json) throws CorruptObjectException {
        return TreeCodec.decode(id, json);
    }
}
