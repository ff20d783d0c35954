package dev.arca.repository.pack;

import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds one pack in a local scratch file, so that a pack in the making costs page cache and no heap:
 * this is what keeps a backup's memory near restic's. Not thread-safe; {@link Packer} serialises
 * {@link #add}. The pack's name is hashed by reading the file back once it is complete, outside the
 * packer's lock, so that writers never queue behind the hashing of each other's blobs.
 */
final class PackWriter {
    /**
     * Writes and reads go through at most this many bytes at a time: the JDK copies heap buffers through a
     * per-thread direct buffer as large as the largest transfer and keeps it, which for 8 MiB chunks would
     * be 8 MiB of native memory per thread.
     */
    private static final int SLICE = 256 << 10;
    private static final ThreadLocal<ByteBuffer> READ_BACK = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SLICE));

    private final ObjectCipher cipher;
    private final Path file;
    private final FileChannel channel;
    private long size;
    private final List<PackEntry> entries = new ArrayList<>();

    PackWriter(ObjectCipher cipher, Path file) throws IOException {
        this.cipher = cipher;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    void add(BlobType type, BlobId id, byte[] sealed, int offset, int sealedLength, int rawLength) throws IOException {
        write(sealed, offset, sealedLength);
        entries.add(new PackEntry(type, id, Math.toIntExact(size), sealedLength, rawLength));
        size += sealedLength;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Appends the sealed header and the trailer, closes the file and names the pack by its content. */
    FinishedPack finish() throws IOException {
        byte[] header = cipher.seal(PackFormat.header(entries));
        write(header, 0, header.length);
        write(ByteBuffer.allocate(PackFormat.TRAILER).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).array(),
                0, PackFormat.TRAILER);
        size += header.length + PackFormat.TRAILER;
        channel.close();
        return new FinishedPack(hash(), file, size, entries);
    }

    /** Closes and removes the scratch file of a pack that will never be stored. */
    void discard() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover scratch file is garbage in a temporary area; the failure that led here matters more.
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        for (int off = 0; off < length; off += SLICE) {
            ByteBuffer b = ByteBuffer.wrap(bytes, offset + off, Math.min(SLICE, length - off));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    private String hash() throws IOException {
        MessageDigest sha = ContentHash.digest();
        ByteBuffer buffer = READ_BACK.get().clear();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer) >= 0) {
                buffer.flip();
                sha.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
