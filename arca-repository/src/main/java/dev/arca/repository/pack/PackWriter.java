package dev.arca.repository.pack;

import com.sun.nio.file.ExtendedOpenOption;
import dev.arca.repository.BlobType;
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
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Builds one pack in a local scratch file, so that a pack in the making costs no heap: this is what keeps
 * a backup's memory near restic's. Not thread-safe; {@link Packer} serialises {@link #add}, which only
 * copies into a staging buffer: the buffers are written in the background, so that blob writers holding
 * the packer's lock wait for the disk only when every buffer of {@link StagingBuffers} is in flight.
 *
 * <p>A pack is named by 32 random bytes, not by a hash of its content as restic's are. Every byte of a pack
 * is authenticated without it: each blob by its AES-GCM tag, under its id, the header by its own tag, and
 * the trailer by the header it must point to (docs/repository-format.md, A.3). Hashing the packs as well
 * took 7.9% of a first backup's CPU samples, on the benchmark data set (docs/BENCHMARKS.md, "a sixteenth
 * machine").
 *
 * <p>The file is written with direct I/O ({@code O_DIRECT}) where the file system allows it. A backup
 * writes as many bytes of packs as it stores, and through the page cache each of them is copied into a
 * page the kernel must first find: on virtual machines whose free memory is not backed by the host until
 * touched, that cost 2.5 s of system time per 800 MB written (docs/BENCHMARKS.md, "an eighth machine"),
 * nearly a third of a first backup's CPU time there. Direct writes go from Arca's own aligned buffers to the
 * device, and the packs do not push the data being backed up out of the page cache.
 */
final class PackWriter {
    /**
     * Per directory of scratch files, whether {@link #aligned} holds: finding a file's store reads the
     * mount table (1-2 ms, inside the packer's lock), and a backup starts a pack every 16 MiB.
     */
    private static final Map<Path, Boolean> ALIGNED = new ConcurrentHashMap<>();
    private static final SecureRandom NAMES = new SecureRandom();

    private final ObjectCipher cipher;
    private final Path file;
    private final FileChannel channel;
    /** Whether the file is open with O_DIRECT: then every write is whole aligned blocks, padded at the end. */
    private final boolean direct;
    private final Executor writes;
    private final StagingBuffers buffers;
    /** Where {@link #add} copies to; when full, it is written in the background while another fills. */
    private ByteBuffer staging;
    /** The buffers being written, oldest first. */
    private final ArrayDeque<CompletableFuture<Void>> writing = new ArrayDeque<>();
    /** Where in the file the bytes now in {@code staging} go. */
    private long position;
    private long size;
    private final List<PackEntry> entries = new ArrayList<>();

    /** A writer of {@code file} with direct I/O where possible, staging in {@code buffers}, whose writes run on {@code writes}. */
    PackWriter(ObjectCipher cipher, Path file, StagingBuffers buffers, Executor writes) throws IOException {
        this(cipher, file, buffers, writes, true);
    }

    PackWriter(ObjectCipher cipher, Path file, StagingBuffers buffers, Executor writes, boolean tryDirect)
            throws IOException {
        this.cipher = cipher;
        this.file = file;
        this.buffers = buffers;
        this.writes = writes;
        FileChannel opened = tryDirect ? openDirect(file) : null;
        this.direct = opened != null;
        this.channel = direct ? opened : FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            this.staging = buffers.take();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens {@code file} with O_DIRECT, or returns null where that is not possible: a file system without
     * it (EINVAL), or one whose blocks are larger than the buffers' alignment.
     */
    private static FileChannel openDirect(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (!ALIGNED.computeIfAbsent(directory, PackWriter::aligned)) {
            return null;
        }
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether the file system of {@code directory} has blocks the buffers' alignment covers. */
    private static boolean aligned(Path directory) {
        try {
            long block = Files.getFileStore(directory).getBlockSize();
            return block > 0 && block <= StagingBuffers.ALIGNMENT && StagingBuffers.ALIGNMENT % block == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
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

    /** Appends the sealed header and the trailer, closes the file and names the pack. */
    FinishedPack finish() throws IOException {
        byte[] header = cipher.seal(PackFormat.header(entries));
        write(header, 0, header.length);
        write(ByteBuffer.allocate(PackFormat.TRAILER).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).array(),
                0, PackFormat.TRAILER);
        size += header.length + PackFormat.TRAILER;
        int tail = staging.position();
        if (direct) {
            // O_DIRECT writes whole blocks: the last one is padded, and the padding cut off again.
            int padded = (tail + StagingBuffers.ALIGNMENT - 1) / StagingBuffers.ALIGNMENT * StagingBuffers.ALIGNMENT;
            staging.put(new byte[padded - tail]);
        }
        drain(false);
        awaitAll();
        if (direct) {
            channel.truncate(size);
        }
        channel.close();
        byte[] name = new byte[32];
        NAMES.nextBytes(name);
        return new FinishedPack(HexFormat.of().formatHex(name), file, size, entries);
    }

    /** Closes and removes the scratch file of a pack that will never be stored. */
    void discard() {
        try {
            awaitAll();
        } catch (IOException e) {
            // Dropped with the pack.
        }
        if (staging != null) {
            buffers.give(staging);
            staging = null;
        }
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover scratch file is garbage in a temporary area; the failure that led here matters more.
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int n = Math.min(staging.remaining(), length - done);
            staging.put(bytes, offset + done, n);
            done += n;
            if (!staging.hasRemaining()) {
                drain(true);
            }
        }
    }

    /**
     * Starts writing what the staging buffer holds (whole blocks in direct mode, as only the last write is
     * short); then, if {@code more} is to come, goes on in another buffer, which may mean waiting for one to
     * be written.
     */
    private void drain(boolean more) throws IOException {
        ByteBuffer full = staging.flip();
        long at = position;
        position += full.remaining();
        staging = null;
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                for (long to = at; full.hasRemaining(); ) {
                    to += channel.write(full, to);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, writes);
        // Given back by whichever thread completes it, so that another pack's writer waiting for a buffer
        // does not depend on this one's owner coming back.
        done.whenComplete((ok, failed) -> buffers.give(full));
        writing.add(done);
        while (!writing.isEmpty() && writing.peek().isDone()) {
            await(writing.poll());
        }
        if (more) {
            staging = buffers.take();
        }
    }

    private void awaitAll() throws IOException {
        IOException first = null;
        while (!writing.isEmpty()) {
            try {
                await(writing.poll());
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void await(CompletableFuture<Void> done) throws IOException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing pack " + file);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("writing pack " + file + " failed: " + cause, cause);
        }
    }
}
