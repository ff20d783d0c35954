package dev.arca.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a repository's objects live. Every driver (local disk, in-memory, SFTP, S3) honours this
 * contract, and the shared contract test suite checks it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Atomic, never overwrite.</b> {@link #save} makes an object visible whole or not at all: a
 *       reader, a lister or a crash at any instant sees either no object or the complete content,
 *       never a prefix. Saving a name that exists fails with {@link ObjectExistsException} and leaves
 *       the stored object untouched.</li>
 *   <li><b>Not found is distinct.</b> {@link #load} of a missing object throws
 *       {@link ObjectNotFoundException}; {@link #stat} returns empty. Apart from that exception,
 *       {@link ObjectExistsException} and {@link ObjectRangeException}, which are answers, failures are
 *       plain {@link IOException}s that a retrying decorator may try again.</li>
 *   <li><b>Ranges.</b> {@code load(key, offset, length)} returns exactly {@code length} bytes from
 *       {@code offset}; a range reaching past the end of the object is an {@link ObjectRangeException}
 *       that names the object, its size and the range (a truncated object must be noticed, not padded);
 *       drivers produce it with {@link ObjectInfo#checkRange} so that the words are the same everywhere.
 *       A negative offset or length is a caller's bug: {@link IllegalArgumentException}.</li>
 *   <li><b>Removal is idempotent.</b> Removing a missing object succeeds, so that an interrupted prune
 *       can simply be run again.</li>
 *   <li><b>Listing</b> returns every complete object of a kind, in no particular order, and never a
 *       temporary file of an unfinished save.</li>
 *   <li><b>Arrays are not shared.</b> {@code save} does not keep a reference to {@code data}, and
 *       {@code load} returns a new array each time, so that callers may reuse or modify their buffers.</li>
 *   <li><b>Thread safety.</b> All methods may be called from many threads at once; of concurrent saves of
 *       one name exactly one succeeds.</li>
 * </ul>
 */
public interface Storage extends AutoCloseable {

    /** A human-readable location (URL or path) used in every error message about this storage. */
    String location();

    /**
     * Stores {@code data} under {@code key}, atomically and durably (the content is flushed to stable
     * storage before the call returns).
     *
     * @throws ObjectExistsException if an object of that name already exists
     */
    void save(ObjectKey key, byte[] data) throws IOException;

    /**
     * Stores the content of the local file {@code file} under {@code key}, with the same contract as
     * {@link #save(ObjectKey, byte[])}. The file is only read: it is neither changed nor removed, so that a
     * retry can read it again. Packs are composed in such a file so that they take no memory; drivers that
     * can stream from a file (or, locally, link it into place) override the default, which reads it whole.
     *
     * @throws ObjectExistsException if an object of that name already exists
     */
    default void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        save(key, java.nio.file.Files.readAllBytes(file));
    }

    /**
     * A new, empty local file in which to compose an object for {@link #save(ObjectKey, java.nio.file.Path)};
     * the caller removes it. The default is in the system's temporary directory; local storage creates it
     * in its own temporary area, on the same file system as the objects, so that saving it is a link and
     * no copy.
     */
    default java.nio.file.Path scratchFile() throws IOException {
        return java.nio.file.Files.createTempFile("arca-", ".tmp");
    }

    /**
     * Reads {@code length} bytes starting at {@code offset}.
     *
     * @throws ObjectNotFoundException if there is no such object
     * @throws ObjectRangeException if the range goes past the end of the object
     */
    byte[] load(ObjectKey key, long offset, int length) throws IOException;

    /**
     * Reads {@code length} bytes starting at {@code offset} into {@code into} from {@code intoOffset},
     * with the same contract as {@link #load(ObjectKey, long, int)}: for readers that reuse one buffer,
     * such as a restore, which would otherwise allocate as many bytes as it reads. On failure the
     * buffer's contents are unspecified. Drivers that can read into the caller's array override this.
     *
     * @throws ObjectNotFoundException if there is no such object
     * @throws ObjectRangeException if the range goes past the end of the object
     * @throws IndexOutOfBoundsException if {@code into} has no room for the bytes (a caller's bug)
     */
    default void loadInto(ObjectKey key, long offset, byte[] into, int intoOffset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(intoOffset, length, into.length);
        System.arraycopy(load(key, offset, length), 0, into, intoOffset, length);
    }

    /**
     * Reads a whole object.
     *
     * @throws ObjectNotFoundException if there is no such object
     */
    byte[] load(ObjectKey key) throws IOException;

    /** The object's size, or empty if it does not exist. */
    Optional<ObjectInfo> stat(ObjectKey key) throws IOException;

    /** Every complete object of one kind. */
    List<ObjectInfo> list(ObjectKind kind) throws IOException;

    /**
     * Removes an object; removing a missing object succeeds.
     *
     * @throws ObjectLockedException if the object is immutable (object lock, append-only account)
     */
    void remove(ObjectKey key) throws IOException;

    /**
     * When the object was stored, where the medium records it (file modification time, S3
     * {@code Last-Modified}); empty when unknown or missing. Immutability periods are measured from it.
     */
    default Optional<java.time.Instant> storedAt(ObjectKey key) throws IOException {
        return Optional.empty();
    }

    /** Releases connections and threads. The storage may not be used afterwards. */
    @Override
    void close() throws IOException;
}
