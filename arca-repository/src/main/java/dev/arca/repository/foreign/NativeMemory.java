package dev.arca.repository.foreign;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * Native memory from the foreign-memory API: confined arenas, freed when they close rather than when a
 * collection gets round to them, for secrets and for scrypt's 32 MiB table ({@code ScryptTable},
 * {@code OpenSslScrypt}); and buffers of an automatic arena, freed when nothing refers to them, for calls
 * that a thread makes again and again ({@code Statx}). The API is final from JDK 22 and reached through
 * method handles because this code is compiled for Java 21, where it is a preview; {@link #available()}
 * says whether it is there.
 */
public final class NativeMemory implements AutoCloseable {
    private static final MethodHandle OF_CONFINED;
    private static final MethodHandle OF_AUTO;
    private static final MethodHandle ALLOCATE;
    private static final MethodHandle AS_BYTE_BUFFER;
    private static final MethodHandle ADDRESS;
    private static final MethodHandle FROM;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle ofConfined = null;
        MethodHandle ofAuto = null;
        MethodHandle allocate = null;
        MethodHandle asByteBuffer = null;
        MethodHandle address = null;
        MethodHandle from = null;
        MethodHandle close = null;
        if (Runtime.version().feature() >= 22) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofConfined = lookup.findStatic(arena, "ofConfined", MethodType.methodType(arena));
                ofAuto = lookup.findStatic(arena, "ofAuto", MethodType.methodType(arena));
                allocate = lookup.findVirtual(arena, "allocate", MethodType.methodType(segment, long.class, long.class));
                asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
                address = lookup.findVirtual(segment, "address", MethodType.methodType(long.class));
                from = lookup.findVirtual(segment, "asSlice", MethodType.methodType(segment, long.class));
                close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException e) {
                ofConfined = null; // not available
            }
        }
        OF_CONFINED = ofConfined;
        OF_AUTO = ofAuto;
        ALLOCATE = allocate;
        AS_BYTE_BUFFER = asByteBuffer;
        ADDRESS = address;
        FROM = from;
        CLOSE = close;
    }

    /** Memory of the arena: the {@code MemorySegment} (to pass to native code) and a view of its bytes. */
    public record Region(Object segment, ByteBuffer bytes) {
        /** The region's native address, for C structures that point to it. */
        public long address() {
            try {
                return (long) ADDRESS.invoke(segment);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read a native segment's address", e);
            }
        }

        /** The segment from {@code offset} to the region's end, to pass as a pointer into it. */
        public Object from(long offset) {
            try {
                return FROM.invoke(segment, offset);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot slice a native segment", e);
            }
        }

        /** Overwrites the whole region with zeros. */
        public void wipe() {
            bytes.put(0, new byte[bytes.capacity()]);
        }
    }

    private final Object arena;

    private NativeMemory(Object arena) {
        this.arena = arena;
    }

    /** Whether this JDK has the API. */
    public static boolean available() {
        return OF_CONFINED != null;
    }

    /** A new confined arena; only where {@link #available()}. */
    public static NativeMemory open() {
        try {
            return new NativeMemory(OF_CONFINED.invoke());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot open a confined arena", e);
        }
    }

    /** {@code bytes} of zeroed memory aligned to {@code alignment}, valid until the arena closes. */
    public Region allocate(long bytes, long alignment) {
        try {
            Object segment = ALLOCATE.invoke(arena, bytes, alignment);
            return new Region(segment, (ByteBuffer) AS_BYTE_BUFFER.invoke(segment));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot allocate " + bytes + " bytes of native memory", e);
        }
    }

    /**
     * {@code bytes} of zeroed memory of an automatic arena, freed once nothing refers to the region;
     * only where {@link #available()}.
     */
    public static Region automatic(long bytes) {
        try {
            return new NativeMemory(OF_AUTO.invoke()).allocate(bytes, 16L);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot allocate " + bytes + " bytes of native memory", e);
        }
    }

    /** Frees every region at once; none may be used afterwards. */
    @Override
    public void close() {
        try {
            CLOSE.invoke(arena);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot free a confined arena", e);
        }
    }
}
