package dev.arca.protect.backup;

import dev.arca.protect.names.NameBytes;
import dev.arca.protect.xattrs.ExtendedAttributes;
import dev.arca.repository.BlobType;
import dev.arca.repository.PhaseTrace;
import dev.arca.repository.Repository;
import dev.arca.repository.chunker.Chunk;
import dev.arca.repository.chunker.ChunkReader;
import dev.arca.repository.chunker.Chunker;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ChunkCheck;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backs up directory trees into a repository as a pipeline: the walker lists directories and
 * decides what to read; file readers chunk changed files; blob workers hash, deduplicate, compress,
 * seal and pack each chunk; the packer stores full packs in the background. Directories complete as
 * futures of their children, so no stage waits for another to drain. Chunks travel in a
 * {@link ChunkRing} of {@link #IN_FLIGHT_BYTES}, which bounds memory whatever the data.
 *
 * <p>The snapshot is written only after every pack and index file is stored: an interrupted backup
 * leaves unreferenced packs that prune removes, never a snapshot that does not restore.
 */
public final class Archiver implements AutoCloseable {
    static final int IN_FLIGHT_BYTES = 12 << 20;
    /** Four chunks of the normal size: where the ring starts, growing only for a chunk longer than it. */
    static final int RING_START_BYTES = 4 << 20;
    /** The device passed for a path given to back up, which is backed up whatever file system it is on. */
    private static final long ANY_DEVICE = Long.MIN_VALUE;
    private static final String PROGRAM = "arca";

    private final Repository repo;
    private final ExecutorService readers;
    private final ExecutorService blobWorkers;
    private final ChunkRing chunks;
    private final ThreadLocal<ChunkReader> chunkReaders;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private BackupProgress progress = new BackupProgress();
    private boolean oneFileSystem;
    private boolean excludeCaches;
    private boolean dryRun;
    /** The blobs a dry run would add, so that a blob met twice is counted once. */
    private final Set<BlobId> wouldAdd = ConcurrentHashMap.newKeySet();
    /** Chunks of changed files found by a guess from the parent (see {@link #chunkAlong}); for the tests. */
    private final AtomicLong confirmedGuesses = new AtomicLong();
    /**
     * Whether files' nodes get chunk checks: only where they are cheap ({@link ChunkCheck#fast()}, about 2%
     * of a first backup's CPU time); a later backup of a changed file confirms its unchanged chunks by them.
     */
    private boolean checking = ChunkCheck.fast();

    /** Opens a file for reading; a seam so tests can make a file unreadable even when they run as root. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    private final Opener opener;

    public Archiver(Repository repo) {
        this(repo, FileChannel::open);
    }

    Archiver(Repository repo, Opener opener) {
        this.repo = repo;
        this.opener = opener;
        int cores = Runtime.getRuntime().availableProcessors();
        // Reading and chunking take about a tenth of a first backup's CPU time (hashing, compressing and
        // sealing the rest), so one reader per two cores keeps the blob workers fed; each reader holds a
        // buffer of up to 9 MiB, which matters in the small heap the launcher gives.
        this.readers = Executors.newFixedThreadPool(Math.max(1, cores / 2), daemons("arca-read"));
        this.blobWorkers = Executors.newFixedThreadPool(Math.max(2, cores), daemons("arca-blob"));
        Chunker chunker = repo.chunker();
        this.chunks = new ChunkRing(RING_START_BYTES, Math.max(IN_FLIGHT_BYTES, chunker.sizes().maximum() + (4 << 20)),
                chunker.sizes().maximum());
        this.chunkReaders = ThreadLocal.withInitial(() -> chunker.reader(InputStream.nullInputStream()));
    }

    private static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Backs up the paths of {@code options}; {@code progress} is updated as it goes. */
    public BackupResult backup(BackupOptions options, BackupProgress progress) throws IOException {
        this.progress = progress;
        this.oneFileSystem = options.oneFileSystem();
        this.excludeCaches = options.excludeCaches();
        this.dryRun = options.dryRun();
        for (Path p : options.paths()) {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(p.toString(), null, "does not exist; nothing to back up");
            }
        }
        Instant start = repo.clock().instant();
        try (HeldLock lock = repo.locks(options.host(), options.user()).acquire(false, "backup", options.lockWait())) {
            // The scan walks the source a second time, which only a watched progress line's ETA is worth.
            Thread scanner = progress.watched() ? Thread.ofVirtual().start(() -> Totals.scan(options, progress)) : null;
            Excludes excludes = new Excludes(options.excludes());
            if (options.parent().isEmpty()) {
                ObjectCipher.warmUp(); // a first backup seals everything it reads
            }
            PhaseTrace.mark("locked");
            Optional<Tree> parentRoot = parentRoot(options.parent());
            CompletableFuture<Tree> walked = rootTree(options.paths(), excludes, parentRoot);
            PhaseTrace.mark("walked");
            Tree root = join(walked);
            PhaseTrace.mark("read");
            String rootId = saveTree(root);
            if (!dryRun) {
                repo.flush();
            }
            PhaseTrace.mark("flushed");
            if (scanner != null) {
                scanner.interrupt();
            }
            Snapshot snap = new Snapshot(null, start, options.host(), options.user(), options.source(),
                    options.paths().stream().map(NameBytes::shown).toList(), options.tags(), rootId,
                    options.parent().map(Snapshot::id).orElse(null), summary(start), null, PROGRAM);
            return new BackupResult(dryRun ? snap : repo.snapshots().save(snap), warnings);
        }
    }

    /** Backs up one stream (such as standard input) as a single file named {@code filename}. */
    public BackupResult backupStream(InputStream in, String filename, BackupOptions options) throws IOException {
        return backupStreams(sink -> {
            sink.add(filename, in);
            return Map.of();
        }, options);
    }

    /**
     * Backs up the streams a producer hands over, each as one file of a flat snapshot, with the
     * consistency point the producer reports (a database's LSN or binlog position). Used for sources
     * that are streams rather than trees: {@code pg_basebackup}, dumps, standard input.
     */
    public BackupResult backupStreams(StreamProducer producer, BackupOptions options) throws IOException {
        this.dryRun = options.dryRun();
        Instant start = repo.clock().instant();
        try (HeldLock lock = repo.locks(options.host(), options.user()).acquire(false, "backup", options.lockWait())) {
            ObjectCipher.warmUp();
            Map<String, Node> files = new TreeMap<>();
            Map<String, String> consistency = producer.produce((filename, in) -> {
                if (files.containsKey(filename)) {
                    throw new IllegalArgumentException("stream '" + filename + "' added twice to one snapshot");
                }
                List<CompletableFuture<Piece>> blobs = new ArrayList<>();
                long size = chunk(in, blobs, false);
                List<String> content = new ArrayList<>(blobs.size());
                for (CompletableFuture<Piece> b : blobs) {
                    content.add(join(b).id().hex());
                }
                Instant now = repo.clock().instant();
                files.put(filename, new Node(filename, Node.Type.FILE, 0644, 0, 0, options.user(), "", now, now, now,
                        0, 0, 1, size, content, null, null));
                progress.fileDone();
                return size;
            });
            String rootId = saveTree(new Tree(List.copyOf(files.values())));
            if (!dryRun) {
                repo.flush();
            }
            Snapshot snap = new Snapshot(null, start, options.host(), options.user(), options.source(),
                    files.keySet().stream().map(f -> "/" + f).toList(), options.tags(), rootId, null, summary(start),
                    consistency.isEmpty() ? null : consistency, PROGRAM);
            return new BackupResult(dryRun ? snap : repo.snapshots().save(snap), warnings);
        }
    }

    private Snapshot.Summary summary(Instant start) {
        return new Snapshot.Summary(progress.files(), progress.directories.get(), progress.bytes(),
                progress.unchangedFiles.get(), progress.newBlobs.get(), progress.addedBytes.get(),
                progress.storedBytes.get(), java.time.Duration.between(start, repo.clock().instant()).toMillis(),
                progress.errors.get());
    }

    private Optional<Tree> parentRoot(Optional<Snapshot> parent) throws IOException {
        return parent.isPresent() ? Optional.of(loadTree(parent.get().tree())) : Optional.empty();
    }

    /**
     * The root tree mirrors the absolute paths, as restic's does: backing up /srv/a and /srv/b gives
     * root → srv → {a, b}, so that restore recreates the same layout under its target.
     */
    private CompletableFuture<Tree> rootTree(List<Path> paths, Excludes excludes, Optional<Tree> parent) throws IOException {
        Map<Path, List<Path>> byFirst = new TreeMap<>();
        for (Path p : paths) {
            if (p.getNameCount() == 0) {
                for (Listed child : list(p, excludes)) {
                    byFirst.computeIfAbsent(child.path().getFileName(), k -> new ArrayList<>()).add(child.path());
                }
            } else {
                byFirst.computeIfAbsent(p.getName(0), k -> new ArrayList<>()).add(p);
            }
        }
        List<CompletableFuture<Node>> children = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> e : byFirst.entrySet()) {
            Path top = e.getValue().get(0).getRoot().resolve(e.getKey());
            children.add(along(top, e.getValue(), excludes, child(parent, top)));
        }
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new))
                .thenApply(v -> new Tree(children.stream().map(CompletableFuture::join).filter(n -> n != null).toList()));
    }

    /** A directory on the way to the paths being backed up: only the wanted children are included. */
    private CompletableFuture<Node> along(Path dir, List<Path> targets, Excludes excludes, Optional<Node> parent) throws IOException {
        if (targets.contains(dir)) {
            return entry(Listed.of(dir), excludes, parent, ANY_DEVICE);
        }
        Listed named = Listed.of(dir);
        if (named.inexact()) {
            inexactName(dir);
        }
        Node attrs = xattrs(dir, NodeReader.read(dir, named.name(), named.nameRaw()));
        Optional<Tree> parentTree = subtree(parent);
        // Grouped by the next element as a Path, which holds the name's bytes: two names the JDK shows alike stay apart.
        Map<Path, List<Path>> byNext = new TreeMap<>();
        for (Path t : targets) {
            byNext.computeIfAbsent(t.getName(dir.getNameCount()), k -> new ArrayList<>()).add(t);
        }
        List<CompletableFuture<Node>> children = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> e : byNext.entrySet()) {
            Path next = dir.resolve(e.getKey());
            children.add(along(next, e.getValue(), excludes, child(parentTree, next)));
        }
        return directory(attrs, children, parent, parentTree);
    }

    private static Optional<Node> child(Optional<Tree> tree, Path path) {
        Listed named = Listed.of(path);
        return tree.flatMap(t -> t.find(named.name(), named.nameRaw()));
    }

    private Optional<Tree> subtree(Optional<Node> parent) throws IOException {
        if (parent.isPresent() && parent.get().type() == Node.Type.DIR && parent.get().subtree() != null) {
            return Optional.of(loadTree(parent.get().subtree()));
        }
        return Optional.empty();
    }

    /**
     * One directory entry of any type; {@code null} in the future means it was skipped with a warning.
     * {@code device} is that of the directory it lies in, or {@link #ANY_DEVICE} for a path given to back up.
     */
    private CompletableFuture<Node> entry(Listed listed, Excludes excludes, Optional<Node> parent, long device) {
        Path path = listed.path();
        Node attrs;
        try {
            attrs = NodeReader.read(path, listed.name(), listed.nameRaw());
        } catch (IOException e) {
            warn(path, e);
            return CompletableFuture.completedFuture(null);
        }
        attrs = xattrs(path, attrs);
        if (listed.inexact()) {
            inexactName(path);
        }
        return switch (attrs.type()) {
            // A mount point is kept, as an empty directory, so that a restore has somewhere to mount it again.
            case DIR -> oneFileSystem && device != ANY_DEVICE && attrs.device() != device
                    ? directory(attrs, List.of(), Optional.empty(), Optional.empty()) : dir(path, attrs, excludes, parent);
            case FILE -> file(path, attrs, parent);
            default -> CompletableFuture.completedFuture(attrs);
        };
    }

    private CompletableFuture<Node> dir(Path path, Node attrs, Excludes excludes, Optional<Node> parent) {
        List<CompletableFuture<Node>> children = new ArrayList<>();
        Optional<Tree> parentTree;
        try {
            parentTree = subtree(parent);
            List<Listed> entries = list(path, excludes);
            if (excludeCaches && CacheDirTag.marks(path)) {
                entries = entries.stream().filter(e -> CacheDirTag.isTag(e.path())).toList();
            }
            for (Listed child : entries) {
                children.add(entry(child, excludes, parentTree.flatMap(t -> t.find(child.name(), child.nameRaw())),
                        attrs.device()));
            }
        } catch (IOException e) {
            warn(path, e);
            return CompletableFuture.completedFuture(null);
        }
        return directory(attrs, children, parent, parentTree);
    }

    /**
     * The node of a directory whose entries are {@code children}. When they equal the entries of the
     * parent snapshot's tree for it, that tree is the directory's again, as its id: encoding and hashing
     * the same nodes would give the same bytes. Most directories of a file store are unchanged between
     * two backups. Incremental backups of 20,000 unchanged small files in 100 directories ({@code
     * bench/small-files-bench.sh --backups}) took a little less with it: medians 1.24 against 1.29 s, 1.97
     * against 2.03 CPU-s (docs/BENCHMARKS.md, "a sixteenth machine"). A directory whose entries' access
     * times moved (under relatime, reading moves one at most once a day) is encoded anew.
     */
    private CompletableFuture<Node> directory(Node attrs, List<CompletableFuture<Node>> children, Optional<Node> parent,
                                              Optional<Tree> parentTree) {
        return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApplyAsync(v -> {
            List<Node> nodes = children.stream().map(CompletableFuture::join).filter(n -> n != null).toList();
            try {
                Tree tree = new Tree(nodes);
                String id;
                if (unchanged(tree, parent, parentTree)) {
                    id = parent.get().subtree();
                    progress.unchangedDirectories.incrementAndGet();
                } else {
                    id = saveTree(tree);
                }
                progress.directories.incrementAndGet();
                return NodeReader.withSubtree(attrs, id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blobWorkers);
    }

    /**
     * A directory's entry with its name, made once: sorting by a comparator that asked the paths for
     * their names made two Paths and two Strings per comparison, and C2 then compiled that comparator
     * and UnixPath.initOffsets, 46 ms of compiler time in an incremental backup of the benchmark data
     * set ({@code bench/jit-compilations.sh}).
     */
    private record Listed(Path path, String name, String nameRaw, boolean inexact) implements Comparable<Listed> {
        /**
         * The JDK shows each byte sequence that is not valid in the file-name encoding as U+FFFD; the name is
         * then taken as bytes ({@link NameBytes}), stored as the tree format says, or, where the bytes cannot
         * be had, stored as shown and marked inexact.
         */
        static Listed of(Path path) {
            NameBytes.Stored name = NameBytes.stored(path.getFileName());
            return new Listed(path, name.text(), name.raw(), name.inexact());
        }

        @Override
        public int compareTo(Listed other) {
            int c = name.compareTo(other.name);
            return c != 0 ? c : java.util.Objects.compare(nameRaw, other.nameRaw,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        }
    }

    /** A directory's entries that no rule excludes, by name. */
    private List<Listed> list(Path dir, Excludes excludes) throws IOException {
        List<Listed> out = new ArrayList<>();
        // The type costs a second lstat per entry (entry() reads the attributes again), so it is asked only when a rule needs it.
        boolean typed = excludes.dependsOnType();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                boolean isDir = typed && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!excludes.excludes(p, isDir)) {
                    out.add(Listed.of(p));
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    private CompletableFuture<Node> file(Path path, Node attrs, Optional<Node> parent) {
        if (parent.isPresent() && parent.get().sameFileAs(attrs) && parent.get().content() != null) {
            progress.fileDone();
            progress.unchangedFiles.incrementAndGet();
            progress.bytesDone(attrs.size());
            return CompletableFuture.completedFuture(NodeReader.withContent(attrs, parent.get().content(),
                    parent.get().checks(), attrs.size()));
        }
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Piece>> blobs = new ArrayList<>();
            try (FileChannel in = opener.open(path)) {
                Optional<ParentGuide> guide = ParentGuide.of(parent, repo.index());
                long size = guide.isPresent() ? chunkAlong(in, guide.get(), blobs)
                        : chunk(Channels.newInputStream(in), blobs, checking);
                if (size != attrs.size()) {
                    warnings.add(path + ": changed while it was read (" + attrs.size() + " bytes before, " + size
                            + " read); the snapshot holds what was read");
                }
                return new Sized(size, blobs);
            } catch (IOException e) {
                warn(path, e);
                return null;
            }
        }, readers).thenCompose(sized -> {
            if (sized == null) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.allOf(sized.blobs().toArray(CompletableFuture[]::new)).thenApply(v -> {
                progress.fileDone();
                List<Piece> pieces = sized.blobs().stream().map(CompletableFuture::join).toList();
                List<String> checks = pieces.stream().allMatch(b -> b.check() != null)
                        ? pieces.stream().map(Piece::check).toList() : null;
                return NodeReader.withContent(attrs, pieces.stream().map(b -> b.id().hex()).toList(), checks, sized.size());
            });
        });
    }

    private record Sized(long size, List<CompletableFuture<Piece>> blobs) {
    }

    /** A stored chunk: its id, and its chunk check where this backup records them (null otherwise). */
    private record Piece(BlobId id, String check) {
    }

    /** Chunks a stream, handing each chunk to the blob workers; returns the bytes read. */
    private long chunk(InputStream in, List<CompletableFuture<Piece>> blobs, boolean check) throws IOException {
        ChunkReader reader = chunkReaders.get();
        reader.reset(in);
        long size = 0;
        Chunk c;
        while ((c = reader.next()) != null) {
            size += c.length();
            blobs.add(store(c, null, check));
        }
        reader.reset(InputStream.nullInputStream());
        return size;
    }

    /**
     * Chunks a changed file along its parent version ({@link ParentGuide}): the next parent chunk's
     * length is read as a guess, and the blob workers check it ({@link #verify}); a guess that is the
     * parent chunk is found without the gear hash. From the first wrong guess on, the file is cut by content
     * and each chunk hashed at once, until one is a parent chunk again, after which guessing resumes with
     * the chunk that followed it. The chunks are exactly those of {@link #chunk}: only the work differs.
     * An append, an insertion or an overwrite costs a chunk or two cut by content; the rest is hashed
     * on both cores, where the gear hash ran on one.
     */
    private long chunkAlong(FileChannel in, ParentGuide guide, List<CompletableFuture<Piece>> blobs) throws IOException {
        ArrayDeque<Guess> guesses = new ArrayDeque<>();
        long position = 0;
        int next = 0;
        while (true) {
            while (guide.guessable(next)) {
                int length = guide.length(next);
                ChunkRing.Slot slot = chunks.take(length);
                if (!readAt(in, position, slot)) {
                    chunks.give(slot);
                    break;
                }
                guesses.add(new Guess(blobs.size(), position, length,
                        verify(slot, guide.id(next), checking ? guide.check(next) : null)));
                blobs.add(guesses.getLast().id());
                position += length;
                next++;
                Guess wrong = settle(guesses, false);
                if (wrong != null) {
                    position = retract(wrong, guesses, blobs);
                    break;
                }
            }
            Guess wrong = settle(guesses, true);
            if (wrong != null) {
                position = retract(wrong, guesses, blobs);
            }
            ChunkReader reader = chunkReaders.get();
            reader.reset(Channels.newInputStream(in.position(position)));
            next = -1;
            Chunk c;
            while (next < 0 && (c = reader.next()) != null) {
                BlobId id = repo.hasher().hash(c.array(), c.offset(), c.length());
                blobs.add(store(c, id, checking));
                position += c.length();
                int known = guide.indexOf(id);
                if (known >= 0 && guide.guessable(known + 1)) {
                    next = known + 1;
                }
            }
            reader.reset(InputStream.nullInputStream());
            if (next < 0) {
                return position;
            }
        }
    }

    /** A chunk read at a parent chunk's length, which the blob workers compare with that chunk; null in the future if it differs. */
    private record Guess(int blobIndex, long position, int length, CompletableFuture<Piece> id) {
    }

    /**
     * Takes the confirmed guesses off the front of the queue and returns the first wrong one, or null;
     * without {@code wait}, only those already hashed.
     */
    private Guess settle(ArrayDeque<Guess> guesses, boolean wait) throws InterruptedIOException {
        while (!guesses.isEmpty() && (wait || guesses.peekFirst().id().isDone())) {
            Guess g = guesses.removeFirst();
            Piece piece;
            try {
                piece = g.id().get();
            } catch (ExecutionException e) {
                continue; // a failure to store; it fails the backup through the file's blobs, as any other would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a chunk's check");
            }
            if (piece == null) {
                return g;
            }
            confirmedGuesses.incrementAndGet();
            progress.bytesDone(g.length());
        }
        return null;
    }

    /**
     * Drops a wrong guess and every chunk after it, which started from a wrong place; their hashing stores
     * nothing. Returns where the file goes on.
     */
    private long retract(Guess wrong, ArrayDeque<Guess> guesses, List<CompletableFuture<Piece>> blobs) {
        guesses.clear();
        blobs.subList(wrong.blobIndex(), blobs.size()).clear();
        return wrong.position();
    }

    /** Reads {@code slot.length()} bytes at {@code position}; false if the file ends before. */
    private static boolean readAt(FileChannel in, long position, ChunkRing.Slot slot) throws IOException {
        int done = 0;
        while (done < slot.length()) {
            // At most 1 MiB per read, as ChunkReader reads: the JDK copies through a native buffer of the read's size.
            int n = in.read(ByteBuffer.wrap(slot.array(), slot.offset() + done, Math.min(slot.length() - done, 1 << 20)),
                    position + done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    /**
     * Confirms a guessed chunk on a blob worker: the piece if it is the expected parent chunk, otherwise
     * null. With the parent's chunk check ({@code expectedCheck}), the check decides, at several times the
     * speed of the id's HMAC-SHA-256: equal bytes give equal checks, so a check that differs is a wrong
     * guess, and one that matches is the parent chunk but with probability below 2^-108 (format B.3a).
     * Without one, the id decides, and the chunk gets its check for the next backup.
     */
    private CompletableFuture<Piece> verify(ChunkRing.Slot slot, BlobId expected, String expectedCheck) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String check = expectedCheck;
                if (check != null) {
                    if (!repo.checks().matches(check, expected, slot.array(), slot.offset(), slot.length())) {
                        return null;
                    }
                } else {
                    if (!repo.hasher().hash(slot.array(), slot.offset(), slot.length()).equals(expected)) {
                        return null;
                    }
                    check = checking ? check(expected, slot.array(), slot.offset(), slot.length()) : null;
                }
                // The parent's snapshot holds the blob, so this finds it in the index; saved if it does not.
                count(save(BlobType.DATA, expected, slot.array(), slot.offset(), slot.length()), slot.length());
                return new Piece(expected, check);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                chunks.give(slot);
            }
        }, blobWorkers);
    }

    /**
     * Copies a chunk into the ring and hands it to a blob worker, which hashes it unless {@code id} is
     * known, and with {@code check} computes its chunk check.
     */
    private CompletableFuture<Piece> store(Chunk c, BlobId id, boolean check) throws InterruptedIOException {
        int length = c.length();
        ChunkRing.Slot slot = chunks.take(length);
        c.copyTo(slot.array(), slot.offset());
        return CompletableFuture.supplyAsync(() -> {
            try {
                Repository.Saved saved = save(BlobType.DATA, id, slot.array(), slot.offset(), length);
                progress.bytesDone(length);
                count(saved, length);
                return new Piece(saved.id(), check ? check(saved.id(), slot.array(), slot.offset(), length) : null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                chunks.give(slot);
            }
        }, blobWorkers);
    }

    private String check(BlobId id, byte[] data, int offset, int length) {
        return ChunkCheck.text(repo.checks().of(id, data, offset, length));
    }

    private void count(Repository.Saved saved, int length) {
        if (saved.added()) {
            progress.newBlobs.incrementAndGet();
            progress.addedBytes.addAndGet(length);
            progress.storedBytes.addAndGet(saved.storedLength());
        }
    }

    /** Whether {@code tree} is the parent's tree, still listed in the index (else it is saved again, as any blob would be). */
    private boolean unchanged(Tree tree, Optional<Node> parent, Optional<Tree> parentTree) throws IOException {
        return parentTree.isPresent() && tree.equals(parentTree.get())
                && repo.index().contains(BlobId.parse(parent.get().subtree()));
    }

    private String saveTree(Tree tree) throws IOException {
        byte[] json = tree.encode();
        Repository.Saved saved = save(BlobType.TREE, null, json, 0, json.length);
        return saved.id().hex();
    }

    /** Saves a blob (hashing it unless {@code id} is given), or in a dry run only finds out whether it would be added. */
    private Repository.Saved save(BlobType type, BlobId id, byte[] data, int offset, int length) throws IOException {
        BlobId known = id != null ? id : repo.hasher().hash(data, offset, length);
        if (!dryRun) {
            return repo.saveBlob(type, known, data, offset, length);
        }
        return new Repository.Saved(known, !repo.index().contains(known) && wouldAdd.add(known), 0);
    }

    private Tree loadTree(String id) throws IOException {
        return Tree.decode(id, repo.loadBlob(BlobId.parse(id)));
    }

    /**
     * A name whose bytes are not valid in the file-name encoding reaches Java with U+FFFD in place of
     * them; where this JVM cannot give the bytes ({@link NameBytes}: run without the launcher's options),
     * the entry is backed up under a name a restore cannot give back exactly. Said, and counted as a
     * partial backup, rather than stored so in silence.
     */
    private void inexactName(Path path) {
        progress.errors.incrementAndGet();
        warnings.add(path + ": backed up, but its name is not valid " + System.getProperty("sun.jnu.encoding", "UTF-8")
                + ", so it is stored with U+FFFD in place of the bytes that are not, and a restore names it so");
    }

    /**
     * The node with the entry's extended attributes, read for every entry as its other metadata are (an
     * unchanged file takes only its content from the parent snapshot). Ones that cannot be read leave the
     * entry backed up without them, with a warning.
     */
    private Node xattrs(Path path, Node attrs) {
        try {
            return attrs.withXattrs(ExtendedAttributes.read(path));
        } catch (IOException e) {
            progress.errors.incrementAndGet();
            warnings.add(path + ": backed up without its extended attributes: " + e.getMessage());
            return attrs;
        }
    }

    private void warn(Path path, IOException e) {
        progress.errors.incrementAndGet();
        String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "vanished during the backup" : e.getMessage();
        warnings.add(path + ": skipped: " + reason);
    }

    /** Waits for a future, unwrapping the I/O failure that a pipeline stage raised. */
    private static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof CompletionException || c instanceof UncheckedIOException) {
                c = c.getCause();
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException("backup failed: " + c, c);
        }
    }

    /** For tests: backs up without recording chunk checks, as where they are not {@link ChunkCheck#fast()}. */
    Archiver withoutChecks() {
        checking = false;
        return this;
    }

    long confirmedGuesses() {
        return confirmedGuesses.get();
    }

    /** Stops the worker threads; the repository stays open, as it belongs to the caller. */
    @Override
    public void close() {
        readers.shutdownNow();
        blobWorkers.shutdownNow();
    }
}
