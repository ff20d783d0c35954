package dev.arca.protect.copy;

import dev.arca.repository.BlobType;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIdSet;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.log.LogArchive;
import dev.arca.repository.log.LogPiece;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies snapshots and the log area from one repository into another created {@code --like} it,
 * sending only the blobs the target lacks.
 *
 * <pre>{@code
 * CopyResult r = new Copier(source, target, CopyOptions.defaults(host, user)).copy(List.of());   // every snapshot
 * }</pre>
 *
 * <p>Per snapshot it walks the trees in the source, stores every tree and data blob the target's index
 * lacks, flushes, checks that every blob the snapshot uses is now indexed in the target, and only then
 * saves the snapshot document there. A blob that cannot be read from the source fails that snapshot
 * alone (it is never saved in the target); a failure to store in the target ends the copy, leaving what
 * was flushed for the next run.
 */
public final class Copier {
    private final Repository source;
    private final Repository target;
    private final CopyOptions options;

    /**
     * @throws UnrelatedRepositoryException if the target gives blobs other ids than the source
     */
    public Copier(Repository source, Repository target, CopyOptions options) {
        if (!source.sharesBlobIdsWith(target)) {
            throw new UnrelatedRepositoryException("cannot copy into '" + target.storage().location()
                    + "': it was not created like '" + source.storage().location()
                    + "', so the same data has other blob ids there");
        }
        if (source.config().id().equals(target.config().id())) {
            throw new IllegalArgumentException("source and target are the same repository (" + source.config().id().substring(0, 8)
                    + "); copy needs two");
        }
        this.source = source;
        this.target = target;
        this.options = options;
    }

    /**
     * Copies the snapshots named by {@code refs} (ids, unique id prefixes or {@code latest}; all when
     * empty) that the target lacks, oldest first, and then every log piece the target lacks. Holds
     * shared locks on both repositories meanwhile, so that no prune removes what is being copied.
     */
    public CopyResult copy(List<String> refs) throws IOException {
        long start = System.nanoTime();
        try (HeldLock from = source.locks(options.host(), options.user()).acquire(false, "copy", options.lockWait());
             HeldLock to = target.locks(options.host(), options.user()).acquire(false, "copy", options.lockWait());
             BlobTransfer transfer = new BlobTransfer(source, target, options.threads(), options.flushEvery())) {
            List<Snapshot> all = source.snapshots().list();
            Map<String, SnapshotIdentity> identities = new HashMap<>();
            all.forEach(s -> identities.put(s.id(), SnapshotIdentity.of(s)));
            Map<SnapshotIdentity, String> inTarget = new HashMap<>();
            target.snapshots().list().forEach(s -> inTarget.put(SnapshotIdentity.of(s), s.id()));
            List<SnapshotCopy> copies = new ArrayList<>();
            for (Snapshot s : chosen(all, refs)) {
                checkLocks(from, to);
                String there = inTarget.get(identities.get(s.id()));
                if (there != null) {
                    copies.add(new SnapshotCopy(s.id(), there, SnapshotCopy.Outcome.PRESENT, 0, 0, 0, null));
                    continue;
                }
                String parent = s.parent() == null ? null : inTarget.get(identities.get(s.parent()));
                SnapshotCopy c = copySnapshot(s, parent, transfer);
                if (c.outcome() == SnapshotCopy.Outcome.COPIED) {
                    inTarget.put(identities.get(s.id()), c.target());
                }
                copies.add(c);
            }
            checkLocks(from, to);
            LogCopy logs = copyLogs();
            return new CopyResult(copies, logs, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private List<Snapshot> chosen(List<Snapshot> all, List<String> refs) throws IOException {
        if (refs.isEmpty()) {
            return all;
        }
        Map<String, Snapshot> byId = new LinkedHashMap<>();
        for (String ref : refs) {
            Snapshot s = source.snapshots().find(ref, null);
            byId.put(s.id(), s);
        }
        // Oldest first, as with all of them, so that a parent is copied before its children can name it.
        return all.stream().filter(s -> byId.containsKey(s.id())).toList();
    }

    private SnapshotCopy copySnapshot(Snapshot s, String parent, BlobTransfer transfer) throws IOException {
        Tally tally = new Tally();
        BlobIdSet used = new BlobIdSet();
        SourceDamage damage = null;
        try {
            walk(s, used, transfer, tally);
        } catch (SourceDamage d) {
            damage = d;
        }
        try {
            // Also after damage: the blobs in flight belong to this snapshot, and what arrived is kept for the next run.
            transfer.flush();
        } catch (SourceDamage d) {
            damage = damage == null ? d : damage;
        }
        if (damage != null) {
            return new SnapshotCopy(s.id(), null, SnapshotCopy.Outcome.FAILED, tally.sent.get(), tally.bytes.get(),
                    tally.skipped.get(), "snapshot " + s.shortId() + " not copied: " + damage.getMessage());
        }
        BlobIndex index = target.index();
        for (BlobId id : used) {
            if (!index.contains(id)) {
                throw new IOException("snapshot " + s.shortId() + ": blob " + id.hex() + " is not in the target's index after "
                        + "copying, so the snapshot was not saved there");
            }
        }
        Snapshot saved = target.snapshots().save(new Snapshot(null, s.time(), s.host(), s.user(), s.source(), s.paths(), s.tags(),
                s.tree(), parent, s.summary(), s.consistency(), s.program()));
        return new SnapshotCopy(s.id(), saved.id(), SnapshotCopy.Outcome.COPIED, tally.sent.get(), tally.bytes.get(),
                tally.skipped.get(), null);
    }

    /**
     * Walks every tree of the snapshot in the source, even those the target holds: a tree stored by an
     * interrupted copy may be indexed while blobs below it are not.
     */
    private void walk(Snapshot s, BlobIdSet used, BlobTransfer transfer, Tally tally) throws IOException {
        BlobIndex index = target.index();
        Deque<BlobId> trees = new ArrayDeque<>();
        BlobId root = BlobId.parse(s.tree());
        used.add(root);
        trees.push(root);
        while (!trees.isEmpty()) {
            BlobId id = trees.pop();
            byte[] plain;
            Tree tree;
            try {
                plain = source.loadBlob(id);
                tree = Tree.decode(id.hex(), plain);
            } catch (IOException e) {
                throw new SourceDamage(id, e);
            }
            if (index.contains(id)) {
                tally.skipped.incrementAndGet();
            } else {
                transfer.save(BlobType.TREE, id, plain, tally);
            }
            for (Node n : tree.nodes()) {
                for (String hex : n.content() == null ? List.<String>of() : n.content()) {
                    BlobId blob = BlobId.parse(hex);
                    if (!used.add(blob)) {
                        continue;
                    }
                    if (index.contains(blob)) {
                        tally.skipped.incrementAndGet();
                    } else {
                        transfer.send(BlobType.DATA, blob, tally);
                    }
                }
                if (n.subtree() != null) {
                    BlobId sub = BlobId.parse(n.subtree());
                    if (used.add(sub)) {
                        trees.push(sub);
                    }
                }
            }
        }
    }

    private LogCopy copyLogs() throws IOException {
        LogArchive from = source.logs();
        LogArchive to = target.logs();
        Set<String> there = new HashSet<>(target.objects().names(ObjectKind.LOGS));
        long sent = 0;
        long bytes = 0;
        long skipped = 0;
        List<String> errors = new ArrayList<>();
        for (LogPiece piece : from.allPieces()) {
            if (there.contains(piece.key().name())) {
                skipped++;
                continue;
            }
            try {
                bytes += from.copyTo(piece, to);
                sent++;
            } catch (ObjectNotFoundException e) {
                // The source's shipper replaced a live piece by a finished part since we listed: that part is copied instead.
            } catch (CorruptObjectException e) {
                errors.add(e.getMessage());
            }
        }
        return new LogCopy(sent, bytes, skipped, errors);
    }

    private static void checkLocks(HeldLock from, HeldLock to) throws IOException {
        for (HeldLock l : List.of(from, to)) {
            if (l.refreshFailure() != null) {
                throw new IOException("copy stopped: a lock could not be refreshed, so a prune might no longer see it: "
                        + l.refreshFailure().getMessage(), l.refreshFailure());
            }
        }
    }
}
