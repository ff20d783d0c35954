package dev.arca.repository.pack;

import com.sun.nio.file.ExtendedOpenOption;
import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Builds one pack in a local scratch file, so that a pack in the making costs no heap: this is what keeps
 * a backup's memory near restic's. Not thread-safe; {@link Packer} serialises {@link #add}, which only
 * copies into a staging buffer: the buffers are written, and hashed for the pack's name, in the
 * background, so that blob writers holding the packer's lock never wait for the disk or the hash.
 *
 * <p>The file is written with direct I/O ({@code O_DIRECT}) where the file system allows it. A backup
 * writes as many bytes of packs as it stores, and through the page cache each of them is copied into a
 * page the kernel must first find: on virtual machines whose free memory is not backed by the host until
 * touched, that cost 2.5 s of system time per 800 MB written (docs/BENCHMARKS.md, "an eighth machine"),
 * a quarter of a first backup's CPU time there. Direct writes go from Arca's own aligned buffers to the
 * device, and the packs do not push the data being backed up out of the page cache.
 */
final class PackWriter {
    /**
     * Writes go through staging buffers of this many bytes: direct I/O needs aligned buffers, and the JDK
     * would otherwise copy heap arrays through a per-thread direct buffer as large as the largest transfer
     * and keep it (8 MiB of native memory per thread for 8 MiB chunks).
     */
    static final int SLICE = 256 << 10;
    /**
     * Buffers per pack: one filling while the others are written. A direct write waits for the device, and
     * while one is slow the blob writers, which hold the packer's lock, would wait too.
     */
    static final int DEPTH = 4;
    private static final int ALIGNMENT = 4096;
    /** Staging buffers of finished writers, reused by the next: a direct buffer is dear to allocate and free. */
    private static final ConcurrentLinkedQueue<ByteBuffer> BUFFERS = new ConcurrentLinkedQueue<>();

    /** A buffer being written and hashed; it is free once both are done. */
    private record Write(ByteBuffer buffer, Future<?> written, Future<?> hashed) {
    }

    private final ObjectCipher cipher;
    private final Path file;
    private final FileChannel channel;
    /** Whether the file is open with O_DIRECT: then every write is whole aligned blocks, padded at the end. */
    private final boolean direct;
    private final Executor writes;
    /** Hashes the buffers in the order they were filled: one thread, first in first out. */
    private final Executor hashing;
    /** The pack's name is the SHA-256 of its bytes, hashed as they are written rather than read back. */
    private final MessageDigest sha = ContentHash.digest();
    /** Where {@link #add} copies to; when full, it is written in the background while another fills. */
    private ByteBuffer staging;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<Write> writing = new ArrayDeque<>();
    /** Where in the file the bytes now in {@code staging} go. */
    private long position;
    private long size;
    private final List<PackEntry> entries = new ArrayList<>();

    /**
     * A writer of {@code file} with direct I/O where possible, whose writes run on {@code writes} and whose
     * bytes are hashed on {@code hashing}, which must run its tasks one at a time in order.
     */
    PackWriter(ObjectCipher cipher, Path file, Executor writes, Executor hashing) throws IOException {
        this(cipher, file, writes, hashing, true);
    }

    PackWriter(ObjectCipher cipher, Path file, Executor writes, Executor hashing, boolean tryDirect) throws IOException {
        this.cipher = cipher;
        this.file = file;
        this.writes = writes;
        this.hashing = hashing;
        FileChannel opened = tryDirect ? openDirect(file) : null;
        this.direct = opened != null;
        this.channel = direct ? opened : FileChannel.open(file, StandardOpenOption.WRITE);
        this.staging = pooled();
        for (int i = 1; i < DEPTH; i++) {
            free.add(pooled());
        }
    }

    /**
     * Opens {@code file} with O_DIRECT, or returns null where that is not possible: a file system without
     * it (EINVAL), or one whose blocks are larger than the buffers' alignment.
     */
    private static FileChannel openDirect(Path file) {
        try {
            long block = Files.getFileStore(file).getBlockSize();
            if (block <= 0 || block > ALIGNMENT || ALIGNMENT % block != 0) {
                return null;
            }
            return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static ByteBuffer pooled() {
        ByteBuffer reused = BUFFERS.poll();
        return reused != null ? reused : buffer();
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocateDirect(SLICE + ALIGNMENT).alignedSlice(ALIGNMENT).limit(SLICE);
    }

    boolean direct() {
        return direct;
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
        int tail = staging.position();
        if (direct) {
            // O_DIRECT writes whole blocks: the last one is padded, and the padding cut off again.
            int padded = (tail + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            staging.put(new byte[padded - tail]);
        }
        drain(tail);
        while (!writing.isEmpty()) {
            awaitOldest();
        }
        if (direct) {
            channel.truncate(size);
        }
        channel.close();
        release();
        return new FinishedPack(HexFormat.of().formatHex(sha.digest()), file, size, entries);
    }

    /** Closes and removes the scratch file of a pack that will never be stored. */
    void discard() {
        while (!writing.isEmpty()) {
            try {
                awaitOldest();
            } catch (IOException e) {
                // Dropped with the pack.
            }
        }
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover scratch file is garbage in a temporary area; the failure that led here matters more.
        }
        release();
    }

    /** Gives the buffers back for the next pack; only once no write uses them. */
    private void release() {
        if (staging != null) {
            BUFFERS.add(staging.clear());
            staging = null;
        }
        for (ByteBuffer b; (b = free.poll()) != null; ) {
            BUFFERS.add(b.clear());
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int n = Math.min(staging.remaining(), length - done);
            staging.put(bytes, offset + done, n);
            done += n;
            if (!staging.hasRemaining()) {
                drain(staging.position());
            }
        }
    }

    /**
     * Starts writing what the staging buffer holds (whole blocks in direct mode, as only the last write is
     * short) and hashing its first {@code packBytes} (the rest is the padding of the last block), and goes
     * on in a free buffer, waiting for the oldest write when none is free.
     */
    private void drain(int packBytes) throws IOException {
        ByteBuffer full = staging.flip();
        ByteBuffer toHash = full.duplicate().limit(packBytes);
        long at = position;
        position += full.remaining();
        staging = null;
        Future<?> written = CompletableFuture.runAsync(() -> {
            try {
                for (long done = at; full.hasRemaining(); ) {
                    done += channel.write(full, done);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writes);
        writing.add(new Write(full, written, CompletableFuture.runAsync(() -> sha.update(toHash), hashing)));
        if (free.isEmpty()) {
            awaitOldest();
        }
        staging = free.poll().clear();
    }

    /** Waits for the oldest write; its buffer is free again, even when the write failed. */
    private void awaitOldest() throws IOException {
        Write oldest = writing.poll();
        try {
            oldest.hashed().get();
            oldest.written().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing pack " + file);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("writing pack " + file + " failed: " + cause, cause);
        } finally {
            free.add(oldest.buffer());
        }
    }
}
