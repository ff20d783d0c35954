package dev.arca.repository.tree;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.SealedObjects;
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

    public Optional<Node> find(String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    public byte[] encode() {
        return SealedObjects.toJson(this);
    }

    public static Tree decode(String id, byte[] json) throws CorruptObjectException {
        return SealedObjects.fromJson(json, Tree.class, "tree " + id);
    }
}
