package dev.arca.repository.pack;

import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds one pack in memory. Not thread-safe; {@link Packer} serialises access. */
final class PackWriter {
    private final ObjectCipher cipher;
    private byte[] buffer;
    private int size;
    private final List<PackEntry> entries = new ArrayList<>();

    PackWriter(ObjectCipher cipher, int capacity) {
        this.cipher = cipher;
        this.buffer = new byte[capacity];
    }

    void add(BlobType type, BlobId id, byte[] sealed, int rawLength) {
        ensure(sealed.length);
        System.arraycopy(sealed, 0, buffer, size, sealed.length);
        entries.add(new PackEntry(type, id, size, sealed.length, rawLength));
        size += sealed.length;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    FinishedPack finish() {
        byte[] header = cipher.seal(PackFormat.header(entries));
        ensure(header.length + PackFormat.TRAILER);
        System.arraycopy(header, 0, buffer, size, header.length);
        size += header.length;
        ByteBuffer.wrap(buffer, size, PackFormat.TRAILER).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length);
        size += PackFormat.TRAILER;
        byte[] bytes = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        return new FinishedPack(ContentHash.hex(bytes), bytes, entries);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 3 / 2, size + more));
        }
    }
}
