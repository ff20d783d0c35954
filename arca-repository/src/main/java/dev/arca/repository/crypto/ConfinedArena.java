package dev.arca.repository.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * Native memory from a confined arena of the foreign-memory API, freed when the arena closes rather than
 * when a collection gets round to it: for secrets and for scrypt's 32 MiB table ({@link ScryptTable},
 * {@link OpenSslScrypt}). The API is final from JDK 22 and reached through method handles because this
 * code is compiled for Java 21, where it is a preview; {@link #available()} says whether it is there.
 */
final class ConfinedArena implements AutoCloseable {
    private static final MethodHandle OF_CONFINED;
    private static final MethodHandle ALLOCATE;
    private static final MethodHandle AS_BYTE_BUFFER;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle ofConfined = null;
        MethodHandle allocate = null;
        MethodHandle asByteBuffer = null;
        MethodHandle close = null;
        if (Runtime.version().feature() >= 22) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofConfined = lookup.findStatic(arena, "ofConfined", MethodType.methodType(arena));
                allocate = lookup.findVirtual(arena, "allocate", MethodType.methodType(segment, long.class, long.class));
                asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
                close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class));
            } catch (ReflectiveOperationException e) {
                ofConfined = null; // not available
            }
        }
        OF_CONFINED = ofConfined;
        ALLOCATE = allocate;
        AS_BYTE_BUFFER = asByteBuffer;
        CLOSE = close;
    }

    /** Memory of the arena: the {@code MemorySegment} (to pass to native code) and a view of its bytes. */
    record Region(Object segment, ByteBuffer bytes) {
        /** Overwrites the whole region with zeros. */
        void wipe() {
            bytes.put(0, new byte[bytes.capacity()]);
        }
    }

    private final Object arena;

    private ConfinedArena(Object arena) {
        this.arena = arena;
    }

    /** Whether this JDK has the API. */
    static boolean available() {
        return OF_CONFINED != null;
    }

    /** A new arena; only where {@link #available()}. */
    static ConfinedArena open() {
        try {
            return new ConfinedArena(OF_CONFINED.invoke());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot open a confined arena", e);
        }
    }

    /** {@code bytes} of zeroed memory aligned to {@code alignment}, valid until the arena closes. */
    Region allocate(long bytes, long alignment) {
        try {
            Object segment = ALLOCATE.invoke(arena, bytes, alignment);
            return new Region(segment, (ByteBuffer) AS_BYTE_BUFFER.invoke(segment));
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
