package dev.arca.protect.restore;

import dev.arca.protect.names.NameBytes;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.PhaseTrace;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Restores snapshots. A snapshot's root tree mirrors the absolute paths backed up, so restoring a
 * backup of {@code /srv/data} into {@code T} recreates {@code T/srv/data}.
 *
 * <p>The target may exist and hold files: like restic, restore writes into it, replaces every entry
 * the snapshot has (a file is always rewritten whole, never patched) and leaves other entries alone.
 *
 * <p>The restore runs in phases. It plans (walks the trees, looks up every blob), lays out the
 * directories, symlinks and pipes, restores file content on {@code threads} threads one pack range at
 * a time, links hard links, and last applies directory metadata deepest first, so that writing into
 * a directory cannot disturb its restored times and a read-only directory is filled before it
 * becomes read-only. Every blob is verified before a byte of it is written.
 */
public final class Restorer {
    private final Repository repo;
    private final RestoreOptions options;

    public Restorer(Repository repo, RestoreOptions options) {
        this.repo = repo;
        this.options = options;
    }

    /**
     * Restores the selected parts of a snapshot under {@code target}, creating it if needed. Damaged
     * data does not stop the restore: the files it affects are left out and listed in the result.
     *
     * @throws NoSuchFileException if an include path is not in the snapshot
     * @throws IOException if the target cannot be written, naming the path, or the root tree cannot be read
     */
    public RestoreResult restore(Snapshot snapshot, Path target) throws IOException {
        ObjectCipher.warmUp(); // a restore opens every blob it writes
        IncludeFilter filter = IncludeFilter.of(options.include());
        Problems problems = new Problems();
        ExecutorService pool = pool();
        try {
            Path root = target.toAbsolutePath().normalize();
            prepare(root);
            PhaseTrace.mark("locked");
            RestorePlan plan = new RestorePlan(repo.index(), problems);
            new TreeWalk(new TreeSource(repo, pool), filter, plan, problems).walk(snapshot, root);
            PhaseTrace.mark("walked");
            filter.checkAllFound(snapshot.shortId());
            options.progress().addToTotals(plan.fileCount(), plan.bytes());
            options.progress().totalsComplete();
            NodeAttributes attributes = new NodeAttributes(NodeAttributes.runningAsRoot(), problems);
            layOut(plan, attributes, problems);
            ContentRestore content = new ContentRestore(repo, attributes, problems, options.progress());
            content.run(plan, pool);
            PhaseTrace.mark("written");
            long links = link(plan, problems);
            for (RestorePlan.Entry directory : plan.directories().reversed()) {
                attributes.apply(directory);
            }
            return new RestoreResult(content.files() + links, plan.directories().size(), content.bytes(),
                    problems.damaged(), problems.warnings());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writes one file of a snapshot to a stream, as {@code arca restore --target -} does, reading
     * ahead in parallel. Returns the bytes written.
     *
     * @throws NoSuchFileException if the path is not in the snapshot
     * @throws CorruptObjectException if a blob fails verification: the stream then ends early, but
     *     nothing unverified was written to it
     */
    public long restoreFile(Snapshot snapshot, String path, OutputStream out) throws IOException {
        String name = IncludeFilter.normalize(path);
        ExecutorService pool = pool();
        try {
            Node node = find(new TreeSource(repo, pool), snapshot, name);
            if (node.type() != Node.Type.FILE) {
                throw new IOException(name + " in snapshot " + snapshot.shortId() + " is a "
                        + node.type().name().toLowerCase(Locale.ROOT) + ", not a regular file; only a file can be restored to a stream");
            }
            List<BlobId> ids = new ArrayList<>();
            for (String hex : node.content() == null ? List.<String>of() : node.content()) {
                try {
                    ids.add(BlobId.parse(hex));
                } catch (IllegalArgumentException e) {
                    throw new CorruptObjectException(name + ": the file's content list is corrupt: " + e.getMessage(), e);
                }
            }
            return new BlobWindow(repo, pool, 2 * options.threads()).copy(ids, out);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The node a path's part names, as arca ls shows it: {@code \xHH} where a name's bytes are not UTF-8. */
    private static Node named(Tree tree, String part) {
        if (!part.contains("\\x")) {
            return tree.find(part).orElse(null);
        }
        return tree.nodes().stream().filter(n -> n.displayName().equals(part)).findFirst().orElse(null);
    }

    private static Node find(TreeSource trees, Snapshot snapshot, String name) throws IOException {
        if (name.isEmpty()) {
            throw new IOException("/ is the root directory of snapshot " + snapshot.shortId() + ", not a file");
        }
        String[] parts = name.substring(1).split("/");
        Tree tree = trees.root(snapshot);
        for (int i = 0; ; i++) {
            Node node = named(tree, parts[i]);
            if (node == null) {
                throw new NoSuchFileException(name, null, "not in snapshot " + snapshot.shortId());
            }
            if (i == parts.length - 1) {
                return node;
            }
            if (node.type() != Node.Type.DIR || node.subtree() == null) {
                throw new NoSuchFileException(name, null, "not in snapshot " + snapshot.shortId() + " (/"
                        + String.join("/", List.of(parts).subList(0, i + 1)) + " is not a directory)");
            }
            tree = trees.take(node.subtree());
        }
    }

    private static void prepare(Path root) throws IOException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw Placement.failure("create restore target", root, e);
        }
        if (!Files.isWritable(root)) {
            throw new IOException("cannot restore to " + root + ": the directory is not writable");
        }
    }

    /**
     * A symlink's target: by its bytes where they are not valid UTF-8 ({@link Node#linkTargetRaw}), so that
     * the link points where it did; empty for a target no link can hold.
     */
    private static Optional<Path> linkTarget(Node node, String name, Problems problems) {
        if (node.linkTargetRaw() == null) {
            return Optional.of(Path.of(node.linkTarget()));
        }
        byte[] bytes = node.linkTargetBytes();
        for (byte b : bytes) {
            if (b == 0) {
                problems.damaged(name, "the symlink's target holds a NUL byte, which no target can");
                return Optional.empty();
            }
        }
        Optional<Path> exact = NameBytes.path(bytes);
        if (exact.isEmpty()) {
            problems.warn(name + ": the symlink's target is restored as '" + node.linkTarget() + "'" + NameBytes.INEXACT);
        }
        return Optional.of(exact.orElseGet(() -> Path.of(node.linkTarget())));
    }

    /** Creates directories (parents first), symlinks, pipes and device nodes, before any content is written. */
    private static void layOut(RestorePlan plan, NodeAttributes attributes, Problems problems) throws IOException {
        for (RestorePlan.Entry directory : plan.directories()) {
            Placement.directory(directory.path());
        }
        for (RestorePlan.Entry special : plan.specials()) {
            Node node = special.node();
            if (node.type() == Node.Type.SYMLINK) {
                if (node.linkTarget() == null) {
                    problems.damaged(special.name(), "the symlink has no target in the snapshot");
                    continue;
                }
                Optional<Path> target = linkTarget(node, special.name(), problems);
                if (target.isEmpty()) {
                    continue;
                }
                Placement.symlink(special.path(), target.get());
                attributes.apply(special);
            } else if (node.type().isDevice()) {
                try {
                    Placement.device(special.path(), node.type() == Node.Type.DEVICE, node.rdev());
                } catch (IOException e) {
                    // Only root may make device nodes; a restore as another user still restores everything else.
                    problems.warn(special.name() + ": device node not restored: " + e.getMessage()
                            + (NodeAttributes.runningAsRoot() ? "" : "; HINT: only root can make device nodes"));
                    continue;
                }
                attributes.apply(special);
            } else {
                Placement.fifo(special.path());
                FileChannel bothEnds;
                try {
                    bothEnds = FileChannel.open(special.path(), StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw Placement.failure("open fifo", special.path(), e);
                }
                try {
                    attributes.apply(special);
                } finally {
                    bothEnds.close();
                }
            }
        }
    }

    private long link(RestorePlan plan, Problems problems) throws IOException {
        long linked = 0;
        for (RestorePlan.Link link : plan.links()) {
            String damage = link.primary().damage();
            if (damage != null) {
                problems.damaged(link.entry().name(), "hard link to " + link.primary().entry.name()
                        + ", which was not restored: " + damage);
                continue;
            }
            Placement.hardLink(link.entry().path(), link.primary().entry.path());
            options.progress().fileDone();
            linked++;
        }
        return linked;
    }

    private ExecutorService pool() {
        AtomicInteger count = new AtomicInteger();
        // Platform threads, a fixed number: the codec keeps native zstd state per thread.
        return Executors.newFixedThreadPool(options.threads(), task -> {
            Thread thread = new Thread(task, "arca-restore-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
