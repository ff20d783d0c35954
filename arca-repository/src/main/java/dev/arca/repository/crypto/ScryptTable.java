package dev.arca.repository.crypto;

import dev.arca.repository.foreign.NativeMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * The memory of scrypt's table V, outside the Java heap and handed back to the system when the derivation
 * ends. A direct buffer alone is freed only after a collection finds it unreachable, and in an incremental
 * backup that was sometimes after the command's peak: 32 MiB more peak resident memory in some runs than
 * in others (docs/BENCHMARKS.md, "an eleventh machine"). On JDK 22 and later the table lies in a
 * {@link NativeMemory}, closed at once; JDK 21, whose arenas are a preview, keeps the direct buffer.
 */
final class ScryptTable implements AutoCloseable {
    private final NativeMemory arena;
    private final IntBuffer ints;

    /** A table of {@code count} ints, all zero. */
    ScryptTable(int count) {
        ByteBuffer bytes;
        if (NativeMemory.available()) {
            arena = NativeMemory.open();
            bytes = arena.allocate(4L * count, 64L).bytes();
        } else {
            arena = null;
            bytes = ByteBuffer.allocateDirect(4 * count);
        }
        ints = bytes.order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    IntBuffer ints() {
        return ints;
    }

    /** Frees the memory where the JDK can; the table must not be used afterwards. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
