package dev.arca.storage.local;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.Storage;

import java.io.File;
import dev.arca.storage.StorageNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A repository in a directory of a local (or mounted) file system.
 *
 * <p>Layout: {@code <root>/<kind>/<name>} for every kind, except that {@code data} objects are fanned out
 * as {@code <root>/data/<first two characters of the name>/<name>}, as restic does, so that no directory
 * grows to millions of entries. The {@code config} kind is a directory like the others, so that it obeys
 * the same contract (the repository layer keeps its single configuration object in it).
 *
 * <p>A save writes a temporary file under {@code <root>/tmp/}, flushes it to disk, then publishes it with
 * a hard link: {@code link(2)} is atomic and refuses an existing target, which is exactly "never
 * overwrite", also between processes. On a file system without hard links it falls back to an atomic
 * rename after an existence check; that check is exact within this JVM but two processes saving the same
 * name at the same instant may then both succeed, the later one replacing the earlier, which is harmless
 * when names are hashes of the content. A crash leaves at most a temporary file, which listing never
 * sees and {@link #cleanTemporary()} removes.
 */
public final class LocalStorage implements Storage {
    /** Temporary files older than this belong to a save that died: no save takes an hour to write. */
    private static final Duration STALE = Duration.ofHours(1);
    private static final String TEMPORARY = "tmp";
    private static final int READ_SLICE = 256 << 10;
    private static final boolean WINDOWS = File.separatorChar == '\\';

    private final Path root;
    private final String location;
    private final ContentWriter writer;
    private final boolean linksAllowed;
    /** Whether this file system supports hard links; {@code null} until the first save has probed it. */
    private volatile Boolean links;
    /** Serialises the check-then-rename fallback per name; striped to bound memory. */
    private final Object[] renameLocks = new Object[64];

    private LocalStorage(Path root, ContentWriter writer, boolean linksAllowed) {
        this.root = root;
        this.location = root.toString();
        this.writer = writer;
        this.linksAllowed = linksAllowed;
        for (int i = 0; i < renameLocks.length; i++) {
            renameLocks[i] = new Object();
        }
    }

    /**
     * Opens the repository directory {@code root}.
     *
     * @param create whether to create the root and its areas when they are missing ({@code arca init})
     * @throws IOException if the root does not exist (and {@code create} is false) or is not a directory
     */
    public static LocalStorage open(Path root, boolean create) throws IOException {
        return open(root, create, ContentWriter.DIRECT, true);
    }

    /** The seam for tests: a failing {@code writer} simulates a full disk; {@code linksAllowed} the fallback. */
    static LocalStorage open(Path root, boolean create, ContentWriter writer, boolean linksAllowed)
            throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        LocalStorage storage = new LocalStorage(absolute, Objects.requireNonNull(writer, "writer"), linksAllowed);
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IOException("repository '" + absolute + "' is not a directory");
        }
        if (create) {
            try {
                storage.createLayout();
            } catch (IOException e) {
                throw new IOException("repository '" + absolute + "' cannot be created: " + describe(e), e);
            }
        } else if (!Files.exists(absolute)) {
            throw new StorageNotFoundException("repository '" + absolute + "' does not exist");
        }
        return storage;
    }

    /** The repository directory. */
    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        save(key, channel -> writer.write(channel, data));
    }

    /**
     * A scratch file from {@link #scratchFile()} is linked into place as it is (after a flush): packs cost no
     * copy. Any other file is copied into a temporary file first, like a byte array.
     */
    @Override
    public void save(ObjectKey key, Path file) throws IOException {
        Path temporaryArea = root.resolve(TEMPORARY);
        if (file.getParent() != null && file.getParent().equals(temporaryArea) && hardLinks(temporaryArea)) {
            Path target = path(key);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new ObjectExistsException(location, key);
            }
            try {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Path directory = directory(target.getParent());
                publish(key, file, target, temporaryArea);
                syncDirectory(directory);
            } catch (ObjectExistsException e) {
                throw e;
            } catch (IOException e) {
                throw failure("save", key, e);
            }
            return;
        }
        save(key, channel -> {
            try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = source.size();
                for (long done = 0; done < size; ) {
                    done += source.transferTo(done, size - done, channel);
                }
            }
        });
    }

    @Override
    public Path scratchFile() throws IOException {
        return Files.createTempFile(directory(root.resolve(TEMPORARY)), "scratch-", ".tmp");
    }

    private void save(ObjectKey key, ContentWriter.Fill content) throws IOException {
        Path target = path(key);
        // Content-addressed callers often save what is already there; refusing before writing saves the I/O.
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectExistsException(location, key);
        }
        Path temporary = null;
        IOException failure = null;
        try {
            Path temporaryArea = directory(root.resolve(TEMPORARY));
            temporary = temporaryArea.resolve(temporaryName(key));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.fill(channel);
                channel.force(true);
            }
            Path directory = directory(target.getParent());
            publish(key, temporary, target, temporaryArea);
            syncDirectory(directory);
        } catch (ObjectExistsException e) {
            failure = e;
        } catch (IOException e) {
            failure = failure("save", key, e);
        } finally {
            failure = removeTemporary(temporary, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        try (FileChannel channel = openForReading(key)) {
            new ObjectInfo(key, channel.size()).checkRange(location, offset, length);
            return read(key, channel, offset, length);
        }
    }

    @Override
    public void loadInto(ObjectKey key, long offset, byte[] into, int intoOffset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(intoOffset, length, into.length);
        try (FileChannel channel = openForReading(key)) {
            new ObjectInfo(key, channel.size()).checkRange(location, offset, length);
            read(key, channel, offset, into, intoOffset, length);
        }
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        try (FileChannel channel = openForReading(key)) {
            long size = channel.size();
            // Arrays are indexed by int; the JVM refuses the last few values.
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(location + ": " + key + ": cannot load " + size
                        + " bytes at once; read it in ranges");
            }
            return read(key, channel, 0, (int) size);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path(key), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? Optional.of(new ObjectInfo(key, attributes.size())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws IOException {
        Path area = root.resolve(kind.directory());
        List<ObjectInfo> objects = new ArrayList<>();
        try {
            if (kind == ObjectKind.DATA) {
                for (Path fan : entries(area)) {
                    if (Files.isDirectory(fan, LinkOption.NOFOLLOW_LINKS)) {
                        collect(kind, fan, fan.getFileName().toString(), objects);
                    }
                }
            } else {
                collect(kind, area, null, objects);
            }
        } catch (IOException e) {
            throw new IOException(location + ": " + kind.directory() + ": cannot list: " + describe(e), e);
        }
        return objects;
    }

    @Override
    public Optional<java.time.Instant> storedAt(ObjectKey key) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(path(key), LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public void remove(ObjectKey key) throws IOException {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw failure("remove", key, e);
        }
    }

    /**
     * Removes temporary files older than an hour, which saves killed mid-way leave behind. Younger ones
     * may belong to a save still running, in this or another process.
     *
     * @return how many were removed
     */
    public int cleanTemporary() throws IOException {
        Instant before = Instant.now().minus(STALE);
        int removed = 0;
        try {
            for (Path temporary : entries(root.resolve(TEMPORARY))) {
                try {
                    if (Files.getLastModifiedTime(temporary, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)
                            && Files.deleteIfExists(temporary)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // Its save finished (or another cleaner won) since the listing: nothing left to remove.
                }
            }
        } catch (IOException e) {
            throw new IOException(location + ": " + TEMPORARY + ": cannot remove stale temporary files: "
                    + describe(e), e);
        }
        return removed;
    }

    /** Nothing to release: every operation opens and closes its own files. */
    @Override
    public void close() {
        // Deliberately empty: no handles outlive an operation.
    }

    @Override
    public String toString() {
        return "LocalStorage[" + location + "]";
    }

    Path path(ObjectKey key) {
        Path area = root.resolve(key.kind().directory());
        return key.kind() == ObjectKind.DATA
                ? area.resolve(fanOut(key.name())).resolve(key.name())
                : area.resolve(key.name());
    }

    Path temporaryArea() {
        return root.resolve(TEMPORARY);
    }

    private static String fanOut(String name) {
        return name.substring(0, Math.min(2, name.length()));
    }

    private void createLayout() throws IOException {
        Files.createDirectories(root);
        for (ObjectKind kind : ObjectKind.values()) {
            directory(root.resolve(kind.directory()));
        }
        directory(root.resolve(TEMPORARY));
        if (root.getParent() != null) {
            syncDirectory(root.getParent());
        }
    }

    /** Makes sure {@code directory} exists and that its creation is durable before anything is put in it. */
    private Path directory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path parent = directory.getParent();
        if (!parent.equals(root)) {
            directory(parent);
        }
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            // Another save created it meanwhile; only a file in its place is a problem.
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
        syncDirectory(parent);
        return directory;
    }

    private static String temporaryName(ObjectKey key) {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return key.kind().directory() + "-" + key.name() + "-" + HexFormat.of().formatHex(random) + ".tmp";
    }

    private void publish(ObjectKey key, Path temporary, Path target, Path temporaryArea) throws IOException {
        if (hardLinks(temporaryArea)) {
            try {
                Files.createLink(target, temporary);
            } catch (FileAlreadyExistsException e) {
                throw new ObjectExistsException(location, key);
            }
            return;
        }
        synchronized (renameLocks[Math.floorMod(target.hashCode(), renameLocks.length)]) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new ObjectExistsException(location, key);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private boolean hardLinks(Path temporaryArea) throws IOException {
        Boolean known = links;
        if (known == null) {
            known = linksAllowed && probeLinks(temporaryArea);
            links = known;
        }
        return known;
    }

    /** Tries a hard link between two scratch files, since only the file system can say whether it has them. */
    private static boolean probeLinks(Path temporaryArea) throws IOException {
        String name = "link-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Path probe = temporaryArea.resolve(name + ".tmp");
        Path link = temporaryArea.resolve(name + "-link.tmp");
        Files.createFile(probe);
        try {
            Files.createLink(link, probe);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            // FAT, some network and FUSE file systems answer "operation not permitted/supported".
            return false;
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Deletes the temporary file whatever happened. After a successful publish it is a second link to the
     * object, or already renamed away.
     */
    private static IOException removeTemporary(Path temporary, IOException failure) {
        if (temporary == null) {
            return failure;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // A leftover temporary is garbage that cleanTemporary() removes; it must not fail a save
            // whose object is already published, and must not hide the error of one that failed.
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    private static void syncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            // Windows cannot open a directory as a channel; NTFS journals its directory entries itself.
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private FileChannel openForReading(ObjectKey key) throws IOException {
        try {
            return FileChannel.open(path(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(location, key);
        } catch (IOException e) {
            throw failure("load", key, e);
        }
    }

    /**
     * Positional reads, so that a range costs no seek state and concurrent reads share nothing. They go in
     * slices: the JDK reads into a heap array through a per-thread native buffer as large as the request,
     * and keeps that buffer, which for multi-megabyte pack ranges would be megabytes per thread.
     */
    private byte[] read(ObjectKey key, FileChannel channel, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        read(key, channel, offset, bytes, 0, length);
        return bytes;
    }

    private void read(ObjectKey key, FileChannel channel, long offset, byte[] into, int intoOffset, int length)
            throws IOException {
        try {
            for (int done = 0; done < length; ) {
                ByteBuffer slice = ByteBuffer.wrap(into, intoOffset + done, Math.min(READ_SLICE, length - done));
                while (slice.hasRemaining()) {
                    int n = channel.read(slice, offset + done);
                    if (n < 0) {
                        throw new IOException("the object ended after " + (offset + done) + " bytes while being read");
                    }
                    done += n;
                }
            }
        } catch (IOException e) {
            throw failure("load", key, e);
        }
    }

    private List<Path> entries(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            // An area that was never written to (a repository opened without create) is simply empty.
            return List.of();
        }
        return entries;
    }

    private void collect(ObjectKind kind, Path directory, String fan, List<ObjectInfo> objects) throws IOException {
        for (Path entry : entries(directory)) {
            String name = entry.getFileName().toString();
            // Anything that is not a valid name, or sits in the wrong fan-out directory, cannot be loaded
            // by its key, so it is not an object of this repository.
            if (!ObjectKey.isValidName(name) || (fan != null && !fanOut(name).equals(fan))) {
                continue;
            }
            try {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    objects.add(new ObjectInfo(ObjectKey.of(kind, name), attributes.size()));
                }
            } catch (NoSuchFileException e) {
                // Removed while we listed: a concurrent prune; it is rightly absent from the result.
            }
        }
    }

    private IOException failure(String action, ObjectKey key, IOException cause) {
        return new IOException(location + ": " + key + ": cannot " + action + ": " + describe(cause), cause);
    }

    /** File system exceptions carry the path as their message; the reason is what tells a user something. */
    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file " + missing.getFile();
        }
        if (e instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason() + (system.getFile() == null ? "" : " (" + system.getFile() + ")");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
