package dev.arca.protect.xattrs;

import static dev.arca.repository.foreign.Downcalls.Kind.ADDRESS;
import static dev.arca.repository.foreign.Downcalls.Kind.INT;
import static dev.arca.repository.foreign.Downcalls.Kind.LONG;

import dev.arca.protect.names.NameBytes;
import dev.arca.repository.foreign.Downcalls;
import dev.arca.repository.foreign.NativeMemory;
import dev.arca.repository.tree.Node;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An entry's extended attributes, never following a symlink. Where the JDK lacks the foreign-function
 * API (before 22) or the C library lacks the calls, {@link #available()} is false: backups then record
 * none, and restores say so once for each entry that had some.
 */
public final class ExtendedAttributes {
    /** Linux's limits on a list of names and on one value (XATTR_LIST_MAX, XATTR_SIZE_MAX). */
    private static final int LIST_BYTES = 64 << 10;
    private static final int VALUE_BYTES = 64 << 10;
    private static final int PATH_BYTES = 4096;
    private static final int NAME_BYTES = 256;
    private static final int ENODATA = 61;
    private static final int ENOTSUP = 95;
    private static final int ENOSYS = 38;
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(1, "operation not permitted"),
            Map.entry(2, "no such file or directory"), Map.entry(7, "value too large for this file system"),
            Map.entry(13, "permission denied"), Map.entry(22, "invalid argument (the file system refuses this value)"),
            Map.entry(28, "no space left on device"), Map.entry(30, "read-only file system"),
            Map.entry(34, "larger than the buffer"), Map.entry(ENOSYS, "not available in this kernel"),
            Map.entry(ENODATA, "no such attribute"), Map.entry(ENOTSUP, "not supported by this file system"),
            Map.entry(122, "disk quota exceeded"));
    private static final Optional<Calls> CALLS = Calls.link();

    private ExtendedAttributes() {
    }

    /** Whether extended attributes can be read and written here. */
    public static boolean available() {
        return CALLS.isPresent();
    }

    /**
     * The extended attributes of {@code path}, by name; empty where it has none or its file system keeps
     * none, or where they cannot be read here ({@link #available()}).
     *
     * @throws IOException naming the attribute and the reason when one cannot be read
     */
    public static List<Node.Xattr> read(Path path) throws IOException {
        if (CALLS.isEmpty()) {
            return List.of();
        }
        Calls calls = CALLS.get();
        Buffers b = calls.buffers.get();
        b.path(path);
        long listed = calls.list(b);
        if (listed < 0) {
            int errno = b.errno();
            if (errno == ENOTSUP || errno == ENOSYS) {
                return List.of();
            }
            throw new IOException("extended attributes could not be listed: " + reason(errno));
        }
        if (listed == 0) {
            return List.of();
        }
        byte[] names = new byte[(int) listed];
        b.list.bytes().get(0, names);
        List<Node.Xattr> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i] != 0) {
                continue;
            }
            if (i > start) {
                byte[] name = java.util.Arrays.copyOfRange(names, start, i);
                byte[] value = value(calls, b, name);
                if (value != null) {
                    out.add(new Node.Xattr(text(name), Base64.getEncoder().encodeToString(value)));
                }
            }
            start = i + 1;
        }
        out.sort(Comparator.comparing(Node.Xattr::name));
        return out;
    }

    /**
     * Sets the extended attribute {@code x} on {@code path}, replacing any of that name.
     *
     * @throws IOException with the reason when it cannot be set, or when this JVM cannot set any
     */
    public static void write(Path path, Node.Xattr x) throws IOException {
        if (CALLS.isEmpty()) {
            throw new IOException("this JVM cannot set extended attributes (it needs Java 22 or later)");
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(x.value());
        } catch (IllegalArgumentException e) {
            throw new IOException("the value is not base64");
        }
        if (value.length > VALUE_BYTES) {
            throw new IOException("the value is " + value.length + " bytes, more than Linux allows (" + VALUE_BYTES + ")");
        }
        Calls calls = CALLS.get();
        Buffers b = calls.buffers.get();
        b.path(path);
        b.name(x.name().getBytes(StandardCharsets.UTF_8));
        b.value.bytes().put(0, value);
        int rc = calls.set(b, value.length);
        if (rc != 0) {
            throw new Refused(b.errno());
        }
    }

    /** The reason of a failure with {@code errno}, as Linux's manual pages for these calls give it. */
    static String reason(int errno) {
        return REASONS.getOrDefault(errno, "error " + errno);
    }

    /** Whether a failure of {@link #write} means the file system keeps no such attributes. */
    public static boolean unsupported(IOException e) {
        return e instanceof Refused refused && refused.errno == ENOTSUP;
    }

    /** A write the kernel refused, with its reason as the message and the errno for {@link #unsupported}. */
    private static final class Refused extends IOException {
        private final int errno;

        Refused(int errno) {
            super(reason(errno));
            this.errno = errno;
        }
    }

    /** The value of the attribute {@code name}, or null when it went away since it was listed. */
    private static byte[] value(Calls calls, Buffers b, byte[] name) throws IOException {
        b.name(name);
        long got = calls.get(b);
        if (got < 0) {
            int errno = b.errno();
            if (errno == ENODATA) {
                return null;
            }
            throw new IOException("extended attribute '" + text(name) + "' could not be read: " + reason(errno));
        }
        byte[] value = new byte[(int) got];
        b.value.bytes().get(0, value);
        return value;
    }

    private static String text(byte[] name) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("an extended attribute's name is not valid UTF-8: '"
                    + new String(name, StandardCharsets.ISO_8859_1) + "'");
        }
    }

    /** One thread's native memory for the calls: the path, a name, the list of names, a value, errno. */
    private static final class Buffers {
        private static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        final NativeMemory.Region path = NativeMemory.automatic(PATH_BYTES + 1);
        final NativeMemory.Region name = NativeMemory.automatic(NAME_BYTES + 1);
        final NativeMemory.Region list = NativeMemory.automatic(LIST_BYTES);
        final NativeMemory.Region value = NativeMemory.automatic(VALUE_BYTES);
        final NativeMemory.Region state;
        private final long errnoOffset;

        Buffers(long stateBytes, long errnoOffset) {
            this.state = NativeMemory.automatic(Math.max(stateBytes, 8));
            this.state.bytes().order(ByteOrder.nativeOrder());
            this.errnoOffset = errnoOffset;
        }

        void path(Path p) throws IOException {
            String shown = p.toString();
            // The JDK shows bytes not valid in the file-name encoding as U+FFFD: only the path's bytes name the file.
            byte[] bytes = shown.indexOf('\uFFFD') < 0 ? shown.getBytes(NAMES)
                    : NameBytes.of(p).orElseThrow(() -> new IOException("the path's bytes cannot be had in this JVM"));
            if (bytes.length > PATH_BYTES) {
                throw new IOException("the path is longer than Linux allows (" + PATH_BYTES + " bytes)");
            }
            path.bytes().put(0, bytes).put(bytes.length, (byte) 0);
        }

        void name(byte[] bytes) throws IOException {
            if (bytes.length > NAME_BYTES - 1 || bytes.length == 0) {
                throw new IOException("an extended attribute's name must be 1 to " + (NAME_BYTES - 1) + " bytes");
            }
            name.bytes().put(0, bytes).put(bytes.length, (byte) 0);
        }

        int errno() {
            return state.bytes().getInt((int) errnoOffset);
        }
    }

    /** The three calls, linked once, each leaving errno where {@link Buffers#errno} reads it. */
    private static final class Calls {
        final MethodHandle list;
        final MethodHandle get;
        final MethodHandle set;
        final ThreadLocal<Buffers> buffers;

        private Calls(Downcalls.Linked list, Downcalls.Linked get, Downcalls.Linked set) {
            this.list = list.handle();
            this.get = get.handle();
            this.set = set.handle();
            this.buffers = ThreadLocal.withInitial(() -> new Buffers(list.stateBytes(), list.errnoOffset()));
        }

        static Optional<Calls> link() {
            if (!System.getProperty("os.name", "").equals("Linux") || !NativeMemory.available() || !Downcalls.sizeIsLong()) {
                return Optional.empty();
            }
            // ssize_t llistxattr(const char *path, char *list, size_t size)
            Optional<Downcalls.Linked> list = Downcalls.withErrno("llistxattr", LONG, ADDRESS, ADDRESS, LONG);
            // ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size)
            Optional<Downcalls.Linked> get = Downcalls.withErrno("lgetxattr", LONG, ADDRESS, ADDRESS, ADDRESS, LONG);
            // int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)
            Optional<Downcalls.Linked> set = Downcalls.withErrno("lsetxattr", INT, ADDRESS, ADDRESS, ADDRESS, LONG, INT);
            if (list.isEmpty() || get.isEmpty() || set.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Calls(list.get(), get.get(), set.get()));
        }

        long list(Buffers b) throws IOException {
            try {
                return (long) list.invokeExact(b.state.segment(), b.path.segment(), b.list.segment(), (long) LIST_BYTES);
            } catch (Throwable e) {
                throw failed(e);
            }
        }

        long get(Buffers b) throws IOException {
            try {
                return (long) get.invokeExact(b.state.segment(), b.path.segment(), b.name.segment(), b.value.segment(),
                        (long) VALUE_BYTES);
            } catch (Throwable e) {
                throw failed(e);
            }
        }

        int set(Buffers b, int length) throws IOException {
            try {
                return (int) set.invokeExact(b.state.segment(), b.path.segment(), b.name.segment(), b.value.segment(),
                        (long) length, 0);
            } catch (Throwable e) {
                throw failed(e);
            }
        }

        private static IOException failed(Throwable e) {
            return new IOException("extended attributes: the native call failed: " + e, e);
        }
    }
}
