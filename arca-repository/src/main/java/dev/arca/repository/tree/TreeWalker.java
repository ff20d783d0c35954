package dev.arca.repository.tree;

import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import java.io.IOException;

/**
 * Visits every node under a tree depth-first in name order, with its absolute path in the snapshot as people
 * read it ({@link Node#displayName()}), so that names which decode alike still give distinct paths.
 */
public final class TreeWalker {
    /** Called for each node; returning false for a directory skips what is below it. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(String path, Node node) throws IOException;
    }

    private final Repository repo;

    public TreeWalker(Repository repo) {
        this.repo = repo;
    }

    public Tree load(String id) throws IOException {
        return Tree.decode(id, repo.loadBlob(BlobId.parse(id)));
    }

    public void walk(String rootTree, Visitor visitor) throws IOException {
        walk("", load(rootTree), visitor);
    }

    private void walk(String prefix, Tree tree, Visitor visitor) throws IOException {
        for (Node n : tree.nodes()) {
            String path = prefix + "/" + n.displayName();
            if (visitor.visit(path, n) && n.type() == Node.Type.DIR && n.subtree() != null) {
                walk(path, load(n.subtree()), visitor);
            }
        }
    }
}
