package dev.arca.storage.sftp;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.ObjectRangeException;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageNotFoundException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A repository in a directory of an SFTP server, reached as
 * {@code sftp://user@host[:port]/absolute/path[?identity=/key/file&known-hosts=/file]}.
 *
 * <p>Login is by key only: the {@code identity} parameter, else {@code ARCA_SFTP_IDENTITY}, else those of
 * {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa} that exist. The server's host key must be in
 * {@code known-hosts}, else {@code ARCA_SFTP_KNOWN_HOSTS}, else {@code ~/.ssh/known_hosts}; an unknown or
 * changed key is refused with its fingerprint and the command that adds it, never accepted silently.
 *
 * <p>The layout is {@link dev.arca.storage.local.LocalStorage}'s, so that a repository can be copied between a
 * local disk and an SFTP server with rsync either way: {@code <path>/<kind>/<name>}, {@code data} objects
 * fanned out as {@code data/<first two characters>/<name>}, temporary files as
 * {@code tmp/<kind>-<name>-<16 hex>.tmp}.
 *
 * <p>How each clause of the {@link Storage} contract is met:
 * <ul>
 *   <li><b>Atomic, never overwrite.</b> A save writes a temporary file (opened with create-exclusive), flushes
 *       it with {@code fsync@openssh.com} when the server offers it, closes it and publishes it with a plain
 *       SFTP RENAME. OpenSSH's server performs that rename as {@code link(2)} then {@code unlink(2)}, which is
 *       atomic and refuses an existing target, also against other clients. The {@code posix-rename}
 *       extension, which replaces the target, is never used. A refused rename whose target exists becomes an
 *       {@link ObjectExistsException}.</li>
 *   <li><b>Not found is distinct.</b> SFTP's "no such file" status becomes {@link ObjectNotFoundException}
 *       on load and an empty {@code stat}; everything else is a plain {@link IOException} naming the object,
 *       so a retrying decorator may try again.</li>
 *   <li><b>Ranges</b> are checked against the size of the open file with {@link ObjectInfo#checkRange}.</li>
 *   <li><b>Removal is idempotent</b>: "no such file" on remove is success. A "permission denied" there means
 *       the server runs the repository append-only (for example {@code internal-sftp -P remove,...}), and
 *       the error says so.</li>
 *   <li><b>Listing</b> reads only the kind's directory (and the fan-out directories of {@code data}), never
 *       {@code tmp/}, and skips names that are not valid object names or sit in the wrong fan-out.</li>
 *   <li><b>Arrays are not shared</b>: saves copy from the caller's array into packets, loads fill new arrays.</li>
 *   <li><b>Thread safety</b>: each call borrows one of a few SFTP channels for its duration; a broken
 *       connection is re-established by the next call. Of concurrent saves of one name, the server's
 *       {@code link(2)} lets exactly one win.</li>
 * </ul>
 *
 * <p>A save that dies between writing and renaming leaves its temporary file, which listing never shows;
 * nothing removes those yet over SFTP.
 */
public final class SftpStorage implements Storage {
    private static final String TEMPORARY = "tmp";
    /** Per request; OpenSSH's sftp-server answers reads of at most 255 KiB and MINA splits larger writes. */
    private static final int CHUNK = 64 * 1024;
    /** Enough to overlap a few transfers on two cores without crowding the server's session limit (10). */
    static final int CHANNELS = 4;

    private final SftpLocation target;
    private final String location;
    private final SftpChannels channels;

    private SftpStorage(SftpLocation target, SftpChannels channels) {
        this.target = target;
        this.location = target.location();
        this.channels = channels;
    }

    /**
     * Connects to the repository at {@code target}.
     *
     * @param create whether to create the directory and its areas when missing ({@code arca init})
     * @throws StorageNotFoundException if the directory does not exist and {@code create} is false
     */
    static SftpStorage open(SftpLocation target, boolean create) throws IOException {
        SftpChannels channels = new SftpChannels(target, Identities.load(target), CHANNELS);
        SftpStorage storage = new SftpStorage(target, channels);
        try {
            channels.connect();
            storage.checkRoot(create);
        } catch (IOException | RuntimeException e) {
            channels.close();
            throw e;
        }
        return storage;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void save(ObjectKey key, byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        save(key, out -> out.write(data));
    }

    /** Streams the file, so that a pack composed on local disk never has to be in memory. */
    @Override
    public void save(ObjectKey key, java.nio.file.Path file) throws IOException {
        save(key, out -> java.nio.file.Files.copy(file, out));
    }

    /** Writes an object's content to its temporary file. */
    @FunctionalInterface
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private void save(ObjectKey key, Content content) throws IOException {
        String path = path(key);
        channels.call(sftp -> {
            // Content-addressed callers often save what is already there; refusing before writing saves the I/O.
            if (attributes(sftp, path, key, "save").isPresent()) {
                throw new ObjectExistsException(location, key);
            }
            String temporary = target.resolve(TEMPORARY + "/" + temporaryName(key));
            IOException failure = null;
            try {
                write(sftp, temporary, content);
                publish(sftp, key, temporary, path);
                return null;
            } catch (ObjectExistsException e) {
                failure = e;
                throw e;
            } catch (IOException e) {
                failure = failure("save", key, e);
                throw failure;
            } finally {
                if (failure != null) {
                    removeTemporary(sftp, temporary, failure);
                }
            }
        });
    }

    @Override
    public byte[] load(ObjectKey key, long offset, int length) throws IOException {
        return read(key, (sftp, handle, size) -> {
            new ObjectInfo(key, size).checkRange(location, offset, length);
            return readFully(sftp, handle, offset, length);
        });
    }

    @Override
    public byte[] load(ObjectKey key) throws IOException {
        return read(key, (sftp, handle, size) -> {
            // Arrays are indexed by int; the JVM refuses the last few values.
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("the object has " + size + " bytes, too many to load at once;"
                        + " read it in ranges");
            }
            return readFully(sftp, handle, 0, (int) size);
        });
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        String path = path(key);
        return channels.call(sftp -> attributes(sftp, path, key, "stat")
                .filter(Attributes::isRegularFile)
                .map(attributes -> new ObjectInfo(key, attributes.getSize())));
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) throws IOException {
        String area = target.resolve(kind.directory());
        return channels.call(sftp -> {
            List<ObjectInfo> objects = new ArrayList<>();
            try {
                if (kind == ObjectKind.DATA) {
                    for (DirEntry fan : entries(sftp, area)) {
                        if (fan.getAttributes().isDirectory() && !fan.getFilename().startsWith(".")) {
                            collect(sftp, kind, area + "/" + fan.getFilename(), fan.getFilename(), objects);
                        }
                    }
                } else {
                    collect(sftp, kind, area, null, objects);
                }
            } catch (IOException e) {
                throw new IOException(location + ": " + kind.directory() + ": cannot list: " + describe(e), e);
            }
            return objects;
        });
    }

    @Override
    public void remove(ObjectKey key) throws IOException {
        String path = path(key);
        channels.call(sftp -> {
            try {
                sftp.remove(path);
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return null;
                }
                if (e.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
                    IOException locked = new dev.arca.storage.ObjectLockedException(location + ": " + key
                            + ": cannot remove: the server denied it: the repository is append-only (immutable) on the"
                            + " server side for these credentials; prune with credentials that may remove, or on the"
                            + " server itself", key, java.util.Optional.empty());
                    locked.initCause(e);
                    throw locked;
                }
                throw failure("remove", key, e);
            } catch (IOException e) {
                throw failure("remove", key, e);
            }
            return null;
        });
    }

    @Override
    public void close() {
        channels.close();
    }

    @Override
    public String toString() {
        return "SftpStorage[" + location + "]";
    }

    /** The path of the area that holds unfinished saves; for tests that fake a crashed save. */
    String temporaryArea() {
        return target.resolve(TEMPORARY);
    }

    String path(ObjectKey key) {
        String area = target.resolve(key.kind().directory());
        return key.kind() == ObjectKind.DATA
                ? area + "/" + fanOut(key.name()) + "/" + key.name()
                : area + "/" + key.name();
    }

    private static String fanOut(String name) {
        return name.substring(0, Math.min(2, name.length()));
    }

    /** Same form as LocalStorage's, so that either driver recognises the other's leftovers. */
    private static String temporaryName(ObjectKey key) {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return key.kind().directory() + "-" + key.name() + "-" + HexFormat.of().formatHex(random) + ".tmp";
    }

    private void checkRoot(boolean create) throws IOException {
        String root = target.path();
        Optional<Attributes> attributes = channels.call(sftp -> attributes(sftp, root));
        if (attributes.isPresent() && !attributes.get().isDirectory()) {
            throw new IOException("repository '" + location + "' is not a directory");
        }
        if (create) {
            try {
                channels.call(sftp -> {
                    directory(sftp, root);
                    for (ObjectKind kind : ObjectKind.values()) {
                        directory(sftp, target.resolve(kind.directory()));
                    }
                    directory(sftp, target.resolve(TEMPORARY));
                    return null;
                });
            } catch (IOException e) {
                throw new IOException("repository '" + location + "' cannot be created: " + describe(e), e);
            }
        } else if (attributes.isEmpty()) {
            throw new StorageNotFoundException("repository '" + location + "' does not exist");
        }
    }

    private void write(SftpClient sftp, String temporary, Content content) throws IOException {
        try (CloseableHandle handle = createExclusive(sftp, temporary)) {
            // Pipelined: waiting for each write's acknowledgement would make every chunk cost a round trip.
            try (OutputStream out = new SftpOutputStreamAsync(pipelining(sftp), CHUNK, temporary, handle, false)) {
                content.writeTo(out);
            }
            OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
            if (fsync.isSupported()) {
                fsync.fsync(handle);
            }
        }
    }

    private CloseableHandle createExclusive(SftpClient sftp, String temporary) throws IOException {
        try {
            return sftp.open(temporary, OpenMode.Write, OpenMode.Create, OpenMode.Exclusive);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
            // A repository copied without its (empty) tmp directory: make it, once.
            directory(sftp, target.resolve(TEMPORARY));
            return sftp.open(temporary, OpenMode.Write, OpenMode.Create, OpenMode.Exclusive);
        }
    }

    private void publish(SftpClient sftp, ObjectKey key, String temporary, String path) throws IOException {
        try {
            rename(sftp, key, temporary, path);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
            // The fan-out directory of a data object is made on first use, as LocalStorage does.
            directory(sftp, path.substring(0, path.lastIndexOf('/')));
            rename(sftp, key, temporary, path);
        }
    }

    private void rename(SftpClient sftp, ObjectKey key, String temporary, String path) throws IOException {
        try {
            // Plain SSH_FXP_RENAME: OpenSSH refuses an existing target. Never posix-rename, which replaces it.
            sftp.rename(temporary, path);
        } catch (SftpException e) {
            // The refusal of an existing target is a generic failure; only the target itself can tell.
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE && attributes(sftp, path).isPresent()) {
                throw new ObjectExistsException(location, key);
            }
            throw e;
        }
    }

    private static void removeTemporary(SftpClient sftp, String temporary, IOException failure) {
        try {
            sftp.remove(temporary);
        } catch (IOException e) {
            // Never created, or an append-only server that refuses removal: a leftover temporary file is
            // invisible garbage and must not hide why the save failed.
            if (!(e instanceof SftpException status && status.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE)) {
                failure.addSuppressed(e);
            }
        }
    }

    @FunctionalInterface
    private interface Reading {
        byte[] read(SftpClient sftp, CloseableHandle handle, long size) throws IOException;
    }

    private byte[] read(ObjectKey key, Reading reading) throws IOException {
        String path = path(key);
        return channels.call(sftp -> {
            CloseableHandle handle;
            try {
                handle = sftp.open(path, OpenMode.Read);
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw new ObjectNotFoundException(location, key);
                }
                throw failure("load", key, e);
            } catch (IOException e) {
                throw failure("load", key, e);
            }
            try (handle) {
                // The size of the open file, not of the path: a concurrent remove cannot change it under us.
                return reading.read(sftp, handle, sftp.stat(handle).getSize());
            } catch (ObjectRangeException e) {
                throw e;
            } catch (IOException e) {
                throw failure("load", key, e);
            }
        });
    }

    private static byte[] readFully(SftpClient sftp, CloseableHandle handle, long offset, int length)
            throws IOException {
        byte[] buffer = new byte[length];
        if (length == 0) {
            return buffer;
        }
        // Read ahead in flight, for the same reason as writes; the stream stops at offset + length.
        try (InputStream in = new SftpInputStreamAsync(pipelining(sftp), CHUNK, offset, length, "", handle, false)) {
            int done = in.readNBytes(buffer, 0, length);
            if (done < length) {
                throw new IOException("the object ended after " + (offset + done) + " bytes while being read");
            }
        }
        return buffer;
    }

    /** MINA's pipelined streams need its own client class, which every channel from its factory is. */
    private static AbstractSftpClient pipelining(SftpClient sftp) {
        return (AbstractSftpClient) sftp;
    }

    /** The attributes of {@code path}, not following a final symbolic link, or empty if it does not exist. */
    private static Optional<Attributes> attributes(SftpClient sftp, String path) throws IOException {
        try {
            return Optional.of(sftp.lstat(path));
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<Attributes> attributes(SftpClient sftp, String path, ObjectKey key, String action)
            throws IOException {
        try {
            return attributes(sftp, path);
        } catch (IOException e) {
            throw failure(action, key, e);
        }
    }

    /** Makes {@code path} and its missing parents; another client making one meanwhile is fine. */
    private static void directory(SftpClient sftp, String path) throws IOException {
        Optional<Attributes> existing = attributes(sftp, path);
        if (existing.isPresent()) {
            if (!existing.get().isDirectory()) {
                throw new IOException(path + " exists and is not a directory");
            }
            return;
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            directory(sftp, path.substring(0, slash));
        }
        try {
            sftp.mkdir(path);
        } catch (SftpException e) {
            if (!attributes(sftp, path).map(Attributes::isDirectory).orElse(false)) {
                throw e;
            }
        }
    }

    private static List<DirEntry> entries(SftpClient sftp, String directory) throws IOException {
        List<DirEntry> entries = new ArrayList<>();
        try {
            sftp.readDir(directory).forEach(entries::add);
        } catch (SftpException e) {
            // An area that was never written to (a repository opened without create) is simply empty.
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return List.of();
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return entries;
    }

    private static void collect(SftpClient sftp, ObjectKind kind, String directory, String fan,
                                List<ObjectInfo> objects) throws IOException {
        for (DirEntry entry : entries(sftp, directory)) {
            String name = entry.getFilename();
            // Anything that is not a valid name, or sits in the wrong fan-out directory, cannot be loaded by
            // its key, so it is not an object of this repository.
            if (!ObjectKey.isValidName(name) || (fan != null && !fanOut(name).equals(fan))) {
                continue;
            }
            if (entry.getAttributes().isRegularFile()) {
                objects.add(new ObjectInfo(ObjectKey.of(kind, name), entry.getAttributes().getSize()));
            }
        }
    }

    private IOException failure(String action, ObjectKey key, IOException cause) {
        return new IOException(location + ": " + key + ": cannot " + action + ": " + describe(cause), cause);
    }

    /** SFTP statuses carry a server's terse text; the status says more to an operator. */
    static String describe(IOException e) {
        if (e instanceof SftpException status) {
            return switch (status.getStatus()) {
                case SftpConstants.SSH_FX_PERMISSION_DENIED -> "permission denied by the server";
                case SftpConstants.SSH_FX_NO_SUCH_FILE -> "no such file on the server";
                case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM -> "no space left on the server";
                default -> "the server answered " + SftpConstants.getStatusName(status.getStatus())
                        + (status.getMessage() == null ? "" : " (" + status.getMessage() + ")");
            };
        }
        return SftpChannels.describe(e);
    }
}
