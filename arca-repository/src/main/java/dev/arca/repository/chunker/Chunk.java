package dev.arca.repository.chunker;

import java.util.Arrays;

/**
 * One chunk, as a view into the {@link ChunkReader}'s buffer: valid only until the reader's next
 * call, because the buffer is reused. Call {@link #toByteArray()} to keep it.
 *
 * @param array the reader's buffer
 * @param offset where the chunk starts in {@code array}
 * @param length the chunk's size in bytes
 */
public record Chunk(byte[] array, int offset, int length) {
    /** A copy of the chunk's bytes, which stays valid after the reader moves on. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** Copies the chunk's bytes to {@code target[at .. at + length)}. */
    public void copyTo(byte[] target, int at) {
        System.arraycopy(array, offset, target, at, length);
    }
}
