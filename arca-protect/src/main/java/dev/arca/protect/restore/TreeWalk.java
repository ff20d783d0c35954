package dev.arca.protect.restore;

import dev.arca.protect.names.NameBytes;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Locale;

/**
 * Walks a snapshot's trees depth first, in name order, and turns the entries the filter selects into
 * a {@link RestorePlan}. Names come from the repository, so each is checked to be a single path
 * component before it is joined to the target: a tampered tree must not be able to write outside it.
 */
final class TreeWalk {
    private static final byte[] DOT = {'.'};
    private static final byte[] DOT_DOT = {'.', '.'};
    private final TreeSource trees;
    private final IncludeFilter filter;
    private final RestorePlan plan;
    private final Problems problems;

    TreeWalk(TreeSource trees, IncludeFilter filter, RestorePlan plan, Problems problems) {
        this.trees = trees;
        this.filter = filter;
        this.plan = plan;
        this.problems = problems;
    }

    /** Plans the restore of a snapshot into {@code target}; fails only if the root tree cannot be read. */
    void walk(Snapshot snapshot, Path target) throws IOException {
        visit(trees.root(snapshot), "", target);
    }

    private void visit(Tree tree, String dir, Path at) throws IOException {
        for (Node node : tree.nodes()) {
            if (node.type() == Node.Type.DIR && node.subtree() != null && safe(node)
                    && filter.enters(dir + "/" + node.displayName())) {
                trees.prefetch(node.subtree());
            }
        }
        for (Node node : tree.nodes()) {
            if (!safe(node)) {
                problems.damaged(dir + "/" + node.displayName(), "the name is not a single path component; entry skipped");
                continue;
            }
            String name = dir + "/" + node.displayName(); // as arca ls shows it, and --include matches it
            if (filter.enters(name)) {
                entry(new RestorePlan.Entry(child(at, node, name), name, node), filter.selects(name));
            }
        }
    }

    /** @param whole whether the entry is selected itself, rather than only leading to something selected */
    private void entry(RestorePlan.Entry entry, boolean whole) throws IOException {
        Node node = entry.node();
        switch (node.type()) {
            case DIR -> directory(entry);
            case FILE -> {
                if (whole) {
                    plan.file(entry);
                }
            }
            case SYMLINK, FIFO -> {
                if (whole) {
                    plan.special(entry);
                }
            }
            case DEVICE, CHARDEV -> {
                if (whole && node.rdev() == null) {
                    problems.warn(entry.name() + ": device node not restored: the snapshot does not record which device it "
                            + "stands for (it was taken by an Arca older than that record)");
                } else if (whole) {
                    plan.special(entry);
                }
            }
            case SOCKET -> {
                if (whole) {
                    problems.warn(entry.name() + ": socket not restored: a socket is made by the program that listens on it");
                }
            }
        }
    }

    private void directory(RestorePlan.Entry entry) throws IOException {
        plan.directory(entry);
        String subtree = entry.node().subtree();
        if (subtree == null) {
            problems.damaged(entry.name(), "the directory has no listing in the snapshot; its contents are not restored");
            return;
        }
        Tree tree;
        try {
            tree = trees.take(subtree);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            problems.damaged(entry.name(), "the directory's listing could not be read, its contents are not restored: "
                    + e.getMessage());
            return;
        }
        visit(tree, entry.name(), entry.path());
    }

    /** Both forms of the name are checked: the bytes are what a restore creates where they are stored. */
    private static boolean safe(Node node) {
        String name = node.name();
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            return false;
        }
        if (node.nameRaw() == null) {
            return true;
        }
        byte[] bytes = node.nameBytes();
        for (byte b : bytes) {
            if (b == '/' || b == 0) {
                return false;
            }
        }
        return bytes.length > 0 && !Arrays.equals(bytes, DOT) && !Arrays.equals(bytes, DOT_DOT);
    }

    /** The entry's path: by the name's bytes where they are not valid UTF-8, so that it is the one backed up. */
    private Path child(Path at, Node node, String name) {
        if (node.nameRaw() == null) {
            return at.resolve(node.name());
        }
        Optional<Path> exact = NameBytes.path(node.nameBytes());
        if (exact.isEmpty()) {
            problems.warn(name + ": restored as '" + node.name() + "'" + NameBytes.INEXACT);
        }
        return exact.map(at::resolve).orElseGet(() -> at.resolve(node.name()));
    }
}
