package dev.arca.repository.check;

import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.SnapshotJson;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.repository.index.BlobIdSet;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.index.IndexFile;
import dev.arca.repository.index.IndexFile.PackBlobs;
import dev.arca.repository.pack.PackEntry;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.ObjectRangeException;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One consistent look at a repository, reading only small objects: every index file, the list of
 * packs with their sizes, every snapshot, and every tree reachable from a snapshot. It records what is
 * damaged instead of stopping at the first problem, and what the snapshots use.
 *
 * <p>It reads index files itself rather than through {@link Repository#index()}, so that one damaged
 * index file is reported by name and the others still count. Take a survey under a lock: without one,
 * a concurrent backup or prune makes it describe a repository that no longer exists.
 */
public final class Survey {
    /** Per blob, a pack header holds type (1), id (32), stored and raw length (4 each); see PackFormat. */
    private static final int HEADER_ENTRY = 1 + 32 + 4 + 4;
    /** The header's nonce and tag, and the 4-byte header length that ends a pack. */
    private static final int PACK_OVERHEAD = ObjectCipher.OVERHEAD + 4;
    /** Tree reads in flight: trees are small, so each read costs a round trip, and round trips overlap well. */
    private static final int TREE_READS = 8;
    /** Trees read before they are handled: bounds the trees held in memory at once. */
    private static final int TREE_BATCH = 256;
    /**
     * The plaintext bytes of a batch's trees, the other bound: a directory of 100 files of 100 chunks is
     * a tree of 1 MB, and 256 such trees (with their ids as strings) ran a check of 309,000 blobs out
     * of the launcher's 96 MiB heap (bench/scale.sh 3000).
     */
    private static final long TREE_BATCH_BYTES = 8 << 20;

    private final Repository repository;
    private final Storage storage;
    private final SortedSet<String> indexFiles = new TreeSet<>();
    private final SortedMap<String, PackBlobs> indexedPacks = new TreeMap<>();
    private final Map<String, String> listedIn = new HashMap<>();
    private final SortedMap<String, Long> storedPacks = new TreeMap<>();
    private final SortedSet<String> superseded = new TreeSet<>();
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final BlobIdSet used = new BlobIdSet();
    private final BlobIndex blobIndex = new BlobIndex();
    private final List<ObjectDamage> damagedIndexes = new ArrayList<>();
    private final List<ObjectDamage> damagedPacks = new ArrayList<>();
    private final List<ObjectDamage> damagedSnapshots = new ArrayList<>();
    private final Map<BlobId, BlobDamage> damagedBlobs = new LinkedHashMap<>();
    private long indexedBlobs;
    private int trees;

    private Survey(Repository repository) {
        this.repository = repository;
        this.storage = repository.storage();
    }

    /**
     * Surveys a repository. Damage is recorded, not thrown.
     *
     * @throws IOException if storage cannot even be listed, so that there is nothing to say
     */
    public static Survey of(Repository repository) throws IOException {
        Survey survey = new Survey(repository);
        survey.readIndexFiles();
        survey.comparePacks();
        survey.readSnapshots();
        survey.walkTrees();
        survey.placeDataBlobs();
        return survey;
    }

    /** The size of a pack holding exactly these blobs: what storage must report for it. */
    public static long packSize(Collection<PackEntry> blobs) {
        long size = PACK_OVERHEAD;
        for (PackEntry e : blobs) {
            size += e.length() + HEADER_ENTRY;
        }
        return size;
    }

    /** The names of the index files that could be read. */
    public SortedSet<String> indexFiles() {
        return Collections.unmodifiableSortedSet(indexFiles);
    }

    /** Every pack named by a readable index file, with the blobs the first such file lists. */
    public SortedMap<String, PackBlobs> indexedPacks() {
        return Collections.unmodifiableSortedMap(indexedPacks);
    }

    /** Every pack in storage, with its size. */
    public SortedMap<String, Long> storedPacks() {
        return Collections.unmodifiableSortedMap(storedPacks);
    }

    /** Packs in storage that no readable index names: left by an interrupted backup or prune. */
    public List<String> garbagePacks() {
        return storedPacks.keySet().stream().filter(p -> !indexedPacks.containsKey(p)).toList();
    }

    /** Index files that another present index file says it replaces: left by an interrupted prune. */
    public SortedSet<String> supersededIndexes() {
        return Collections.unmodifiableSortedSet(superseded);
    }

    /** The snapshots that could be read, oldest first. */
    public List<Snapshot> snapshots() {
        return Collections.unmodifiableList(snapshots);
    }

    /** Whether a snapshot needs the blob: a tree reachable from a snapshot, or content of one of their files. */
    public boolean isUsed(BlobId id) {
        return used.contains(id);
    }

    /** Where each blob is, from the readable index files. */
    public BlobIndex blobIndex() {
        return blobIndex;
    }

    public long indexedBlobs() {
        return indexedBlobs;
    }

    public int treesWalked() {
        return trees;
    }

    public List<ObjectDamage> damagedIndexes() {
        return Collections.unmodifiableList(damagedIndexes);
    }

    public List<ObjectDamage> damagedPacks() {
        return Collections.unmodifiableList(damagedPacks);
    }

    public List<ObjectDamage> damagedSnapshots() {
        return Collections.unmodifiableList(damagedSnapshots);
    }

    /** Damaged and missing blobs that snapshots need, in the order they were found, without their affected paths. */
    public Collection<BlobDamage> damagedBlobs() {
        return Collections.unmodifiableCollection(damagedBlobs.values());
    }

    /** Whether nothing is damaged; garbage and superseded index files are not damage. */
    public boolean sound() {
        return damagedIndexes.isEmpty() && damagedPacks.isEmpty() && damagedSnapshots.isEmpty() && damagedBlobs.isEmpty();
    }

    /** Every damage found, as report lines. */
    public List<String> problems() {
        Stream<String> objects = Stream.of(damagedIndexes, damagedPacks, damagedSnapshots).flatMap(List::stream)
                .map(ObjectDamage::text);
        return Stream.concat(objects, damagedBlobs.values().stream().map(BlobDamage::text)).toList();
    }

    /** Reads a tree again, for tracing damage; empty if it cannot be read. */
    Optional<Tree> tree(BlobId id) {
        try {
            return Optional.of(readTree(id));
        } catch (Damage e) {
            return Optional.empty();
        }
    }

    /**
     * Reads every index file. Only the first description of each pack is kept: they are the bulk of a
     * survey's memory, and a second one (left by an interrupted prune) must be the same anyway.
     */
    private void readIndexFiles() throws IOException {
        Set<String> supersededSomewhere = new HashSet<>();
        for (String name : sortedNames(ObjectKind.INDEX)) {
            IndexFile file;
            try {
                byte[] plain = open(ObjectKind.INDEX, name);
                try {
                    file = IndexFile.decode(name, plain);
                } catch (CorruptObjectException e) {
                    throw new Damage("truncated or malformed");
                }
            } catch (Damage d) {
                damagedIndexes.add(new ObjectDamage(ObjectKind.INDEX, name, d.problem()));
                continue;
            }
            indexFiles.add(name);
            supersededSomewhere.addAll(file.supersedes());
            for (PackBlobs p : file.packs()) {
                addPack(name, p);
            }
        }
        supersededSomewhere.stream().filter(indexFiles::contains).forEach(superseded::add);
    }

    private void addPack(String indexFile, PackBlobs p) {
        PackBlobs first = indexedPacks.putIfAbsent(p.pack(), p);
        if (first == null) {
            listedIn.put(p.pack(), indexFile);
            blobIndex.addPack(p.pack(), p.blobs());
            indexedBlobs += p.blobs().size();
        } else if (!new HashSet<>(first.blobs()).equals(new HashSet<>(p.blobs()))) {
            damagedPacks.add(new ObjectDamage(ObjectKind.DATA, p.pack(), "index " + listedIn.get(p.pack())
                    + " and index " + indexFile + " list different blobs for it"));
        }
    }

    private void comparePacks() throws IOException {
        for (ObjectInfo info : storage.list(ObjectKind.DATA)) {
            storedPacks.put(info.key().name(), info.size());
        }
        for (PackBlobs p : indexedPacks.values()) {
            Long size = storedPacks.get(p.pack());
            long expected = packSize(p.blobs());
            String problem;
            if (size == null) {
                problem = "missing (index " + listedIn.get(p.pack()) + " lists it)";
            } else if (size < expected) {
                problem = "truncated: holds " + size + " of the " + expected + " bytes its index entries need";
            } else if (size > expected) {
                problem = "holds " + size + " bytes, more than the " + expected + " its index entries need (damaged)";
            } else {
                continue;
            }
            damagedPacks.add(new ObjectDamage(ObjectKind.DATA, p.pack(), problem));
        }
    }

    private void readSnapshots() throws IOException {
        for (String name : sortedNames(ObjectKind.SNAPSHOTS)) {
            try {
                byte[] json = open(ObjectKind.SNAPSHOTS, name);
                try {
                    snapshots.add(SnapshotJson.read(json, "snapshot " + name).withId(name));
                } catch (CorruptObjectException e) {
                    throw new Damage("not a valid snapshot document");
                }
            } catch (Damage d) {
                damagedSnapshots.add(new ObjectDamage(ObjectKind.SNAPSHOTS, name, d.problem()));
            }
        }
        snapshots.sort(Comparator.comparing(Snapshot::time, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Snapshot::id));
    }

    /**
     * Visits each distinct tree once, however many snapshots share it: the walk costs what is stored,
     * not what was backed up. Trees are read in batches, several at a time, and handled in order.
     */
    private void walkTrees() throws IOException {
        Deque<BlobId> pending = new ArrayDeque<>();
        for (Snapshot s : snapshots) {
            Optional<BlobId> root = blobId(s.tree());
            if (root.isEmpty()) {
                damagedSnapshots.add(new ObjectDamage(ObjectKind.SNAPSHOTS, s.id(),
                        "its root tree '" + s.tree() + "' is not a blob id"));
            } else if (used.add(root.get())) {
                pending.add(root.get());
            }
        }
        try (ReadPool readers = new ReadPool("arca-tree-read", TREE_READS)) {
            while (!pending.isEmpty()) {
                List<BlobId> batch = new ArrayList<>();
                List<Future<Tree>> reads = new ArrayList<>();
                long bytes = 0;
                while (batch.size() < TREE_BATCH && bytes < TREE_BATCH_BYTES && !pending.isEmpty()) {
                    BlobId id = pending.poll();
                    batch.add(id);
                    bytes += blobIndex.find(id).map(BlobIndex.Location::rawLength).orElse(0);
                    reads.add(readers.submit(() -> readTree(id)));
                }
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        visit(ReadPool.result(reads.get(i)), pending);
                        trees++;
                    } catch (Damage d) {
                        BlobId id = batch.get(i);
                        String pack = blobIndex.find(id).map(BlobIndex.Location::pack).orElse(null);
                        damagedBlobs.putIfAbsent(id, new BlobDamage(BlobType.TREE, id, pack, d));
                    }
                }
            }
        }
    }

    private void visit(Tree tree, Deque<BlobId> pending) throws Damage {
        List<String> invalid = new ArrayList<>();
        for (Node n : tree.nodes()) {
            for (String hex : n.content() == null ? List.<String>of() : n.content()) {
                Optional<BlobId> blob = blobId(hex);
                if (blob.isEmpty()) {
                    invalid.add(n.displayName());
                } else if (used.add(blob.get()) && !blobIndex.contains(blob.get())) {
                    damagedBlobs.putIfAbsent(blob.get(), new BlobDamage(BlobType.DATA, blob.get(), null, Damage.notIndexed()));
                }
            }
            if (n.subtree() != null) {
                Optional<BlobId> sub = blobId(n.subtree());
                if (sub.isEmpty()) {
                    invalid.add(n.displayName());
                } else if (used.add(sub.get())) {
                    pending.add(sub.get());
                }
            }
        }
        if (!invalid.isEmpty()) {
            // The tree authenticated, so a writer stored it like this: the entries' data cannot be found.
            throw new Damage("entries " + invalid + " refer to ids that are not blob ids");
        }
    }

    /** Data blobs in a pack that is missing or too short, in pack order; trees there were already found by the walk. */
    private void placeDataBlobs() {
        for (String pack : damagedPacks.stream().map(ObjectDamage::name).distinct().toList()) {
            for (PackEntry e : indexedPacks.get(pack).blobs()) {
                Optional<BlobIndex.Location> at = blobIndex.find(e.id());
                boolean indexedHere = at.isPresent() && at.get().pack().equals(pack);
                if (indexedHere && used.contains(e.id()) && !damagedBlobs.containsKey(e.id())) {
                    try {
                        checkPlacement(at.get());
                    } catch (Damage d) {
                        damagedBlobs.put(e.id(), new BlobDamage(e.type(), e.id(), pack, d));
                    }
                }
            }
        }
    }

    private void checkPlacement(BlobIndex.Location at) throws Damage {
        Long size = storedPacks.get(at.pack());
        if (size == null) {
            throw Damage.packMissing();
        }
        if ((long) at.offset() + at.length() > size) {
            throw Damage.beyondEnd();
        }
    }

    private Tree readTree(BlobId id) throws Damage {
        BlobIndex.Location at = blobIndex.find(id).orElseThrow(Damage::notIndexed);
        checkPlacement(at);
        byte[] sealed;
        try {
            sealed = storage.load(ObjectKey.of(ObjectKind.DATA, at.pack()), at.offset(), at.length());
        } catch (ObjectNotFoundException e) {
            throw Damage.packMissing();
        } catch (ObjectRangeException e) {
            throw Damage.beyondEnd();
        } catch (IOException e) {
            throw Damage.unreadable(e);
        }
        byte[] json;
        try {
            json = repository.openBlob(id, at.pack(), sealed, 0, sealed.length);
        } catch (CorruptObjectException e) {
            throw Damage.opening(e);
        }
        try {
            return Tree.decode(id.hex(), json);
        } catch (CorruptObjectException e) {
            throw new Damage("not a valid tree document");
        }
    }

    /** Loads a content-named object and opens it, telling a damaged object from one sealed with another key. */
    private byte[] open(ObjectKind kind, String name) throws Damage {
        ObjectKey key = ObjectKey.of(kind, name);
        byte[] sealed;
        try {
            sealed = storage.load(key);
        } catch (ObjectNotFoundException e) {
            throw new Damage("removed while being checked (is another process running without a lock?)");
        } catch (IOException e) {
            throw Damage.unreadable(e);
        }
        if (!ContentHash.hex(sealed).equals(name)) {
            throw Damage.nameMismatch();
        }
        try {
            return repository.objects().open(key, sealed);
        } catch (CorruptObjectException e) {
            throw Damage.opening(e);
        }
    }

    private List<String> sortedNames(ObjectKind kind) throws IOException {
        List<String> names = new ArrayList<>(repository.objects().names(kind));
        Collections.sort(names);
        return names;
    }

    static Optional<BlobId> blobId(String hex) {
        try {
            return hex == null ? Optional.empty() : Optional.of(BlobId.parse(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
