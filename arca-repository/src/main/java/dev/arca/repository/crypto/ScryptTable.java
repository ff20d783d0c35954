package dev.arca.repository.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * The memory of scrypt's table V, outside the Java heap and handed back to the system when the derivation
 * ends. A direct buffer alone is freed only after a collection finds it unreachable, and in an incremental
 * backup that was sometimes after the command's peak: 32 MiB more peak resident memory in some runs than
 * in others (docs/BENCHMARKS.md, "an eleventh machine"). On JDK 22 and later the table is a segment of a
 * confined arena, closed at once; JDK 21, whose arenas are a preview, keeps the direct buffer. The arena
 * is reached through method handles because this code is compiled for Java 21.
 */
final class ScryptTable implements AutoCloseable {
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
                ofConfined = null; // the direct buffer below
            }
        }
        OF_CONFINED = ofConfined;
        ALLOCATE = allocate;
        AS_BYTE_BUFFER = asByteBuffer;
        CLOSE = close;
    }

    private final Object arena;
    private final IntBuffer ints;

    /** A table of {@code count} ints, all zero. */
    ScryptTable(int count) {
        ByteBuffer bytes;
        Object owner = null;
        if (OF_CONFINED != null) {
            try {
                owner = OF_CONFINED.invoke();
                bytes = (ByteBuffer) AS_BYTE_BUFFER.invoke(ALLOCATE.invoke(owner, 4L * count, 64L));
            } catch (Throwable e) {
                throw new IllegalStateException("cannot allocate scrypt's table of " + 4L * count + " bytes", e);
            }
        } else {
            bytes = ByteBuffer.allocateDirect(4 * count);
        }
        arena = owner;
        ints = bytes.order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    IntBuffer ints() {
        return ints;
    }

    /** Frees the memory where the JDK can; the table must not be used afterwards. */
    @Override
    public void close() {
        if (arena != null) {
            try {
                CLOSE.invoke(arena);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot free scrypt's table", e);
            }
        }
    }
}
