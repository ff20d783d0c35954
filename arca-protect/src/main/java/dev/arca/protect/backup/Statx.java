package dev.arca.protect.backup;

import static dev.arca.repository.foreign.Downcalls.Kind.ADDRESS;
import static dev.arca.repository.foreign.Downcalls.Kind.INT;

import dev.arca.repository.foreign.Downcalls;
import dev.arca.repository.foreign.NativeMemory;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A directory entry's metadata from Linux's {@code statx} (never following a symlink), called through the
 * foreign-function API where the JDK has it (22 and later) and the C library exports the call.
 *
 * <p>The JDK's own way to the same numbers, {@code Files.readAttributes(path, "unix:...")}, parses the
 * attribute list and fills a map with boxed values for every file. A backup reads the metadata of every
 * entry before it can tell that a file has not changed: in a backup of 20,000 unchanged small files,
 * reading it took 475-528 CPU samples of 250 us the JDK's way and 371-401 this way, most of them the
 * system call itself (docs/BENCHMARKS.md, "a seventeenth machine").
 *
 * <p>The values are those the JDK gives: the same mode bits, the device number composed as glibc's
 * {@code makedev} composes it, times to the nanosecond. A parent snapshot's nodes are compared with them
 * ({@code Node.sameFileAs}), so any difference would make every file look changed. Paths whose text may
 * not give back their bytes (a name that was not valid in the file-name encoding), paths longer than the
 * buffer, and failures (the caller then asks the JDK, which names the error) return empty. The API is
 * reached through method handles because this code is compiled for Java 21, where it is a preview.
 */
final class Statx {
    /** What a caller needs of one entry; times as {@link Instant}s, the rest as the JDK gives them. */
    record Attributes(int mode, int uid, int gid, long inode, long device, int links, long size,
                      Instant mtime, Instant atime, Instant ctime, long rdev) {
    }

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** STATX_TYPE, MODE, NLINK, UID, GID, ATIME, MTIME, CTIME, INO, SIZE: all of them must come back. */
    private static final int WANTED = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200;
    private static final int PATH_BYTES = 4096;
    /** struct statx is 256 bytes on every architecture. */
    private static final int STATX_BYTES = 256;
    private static final Optional<Statx> INSTANCE = load();

    /** The file-name encoding: the JDK turns a name's bytes into text with it, and back. */
    private final Charset names;
    private final MethodHandle statx;
    // A thread's native buffers, for the path (NUL-terminated) and for struct statx; freed with the thread.
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private record Buffers(NativeMemory.Region path, NativeMemory.Region result) {
        Buffers() {
            this(NativeMemory.automatic(PATH_BYTES), NativeMemory.automatic(STATX_BYTES));
            result.bytes().order(ByteOrder.nativeOrder());
        }
    }

    private Statx(Charset names, MethodHandle statx) {
        this.names = names;
        this.statx = statx;
    }

    /** The entry's attributes, or empty when this way cannot give them (then the JDK's way must). */
    static Optional<Attributes> read(Path path) {
        return INSTANCE.isEmpty() ? Optional.empty() : INSTANCE.get().call(path);
    }

    static boolean available() {
        return INSTANCE.isPresent();
    }

    private Optional<Attributes> call(Path path) {
        String text = path.toString();
        // The JDK decodes a name's bytes into the text with replacement characters where they were not
        // valid; encoding such text would name another file (or none).
        if (text.indexOf('\uFFFD') >= 0) {
            return Optional.empty();
        }
        byte[] name = text.getBytes(names);
        if (name.length >= PATH_BYTES) {
            return Optional.empty();
        }
        Buffers buffer = buffers.get();
        buffer.path().bytes().put(0, name).put(name.length, (byte) 0);
        int rc;
        try {
            rc = (int) statx.invokeExact(AT_FDCWD, buffer.path().segment(), AT_SYMLINK_NOFOLLOW, WANTED,
                    buffer.result().segment());
        } catch (Throwable e) {
            return Optional.empty();
        }
        ByteBuffer b = buffer.result().bytes();
        if (rc != 0 || (b.getInt(0) & WANTED) != WANTED) {
            return Optional.empty();
        }
        return Optional.of(new Attributes(Short.toUnsignedInt(b.getShort(28)), b.getInt(20), b.getInt(24), b.getLong(32),
                makedev(b.getInt(136), b.getInt(140)), b.getInt(16), b.getLong(40), time(b, 112), time(b, 64), time(b, 96),
                makedev(b.getInt(128), b.getInt(132))));
    }

    /** glibc's makedev(3), which gives st_dev the JDK reports from stat(2). */
    static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    private static Instant time(ByteBuffer b, int offset) {
        return Instant.ofEpochSecond(b.getLong(offset), Integer.toUnsignedLong(b.getInt(offset + 8)));
    }

    private static Optional<Statx> load() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return Optional.empty();
        }
        // int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf)
        Optional<MethodHandle> call = Downcalls.find(List.of(), "statx", INT, INT, ADDRESS, INT, INT, ADDRESS);
        if (call.isEmpty() || !NativeMemory.available()) {
            return Optional.empty();
        }
        try {
            Statx statx = new Statx(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")), call.get());
            // A kernel older than statx (Linux 4.11) fails every call: then each entry would cost two.
            return statx.call(Path.of("/")).isPresent() ? Optional.of(statx) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
