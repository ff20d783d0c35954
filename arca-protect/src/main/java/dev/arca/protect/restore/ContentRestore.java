package dev.arca.protect.restore;

import dev.arca.protect.Progress;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.compress.BlobCodec;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the content of a plan's files: each pack range is one task on the pool, which reads the
 * range, opens and verifies each blob once and writes it at every position that needs it.
 *
 * <p>Two kinds of failure are told apart. Data that cannot be read or fails verification damages
 * only the files that need it; they are removed and reported, and the rest go on. A failure to write
 * the target (disk full, permissions) would fail every file alike, so it stops the restore.
 */
final class ContentRestore {
    /** Files without content are finished in batches, so that a tree of empty files does not become a task each. */
    private static final int EMPTY_BATCH = 256;
    private static final byte[] ZEROS = new byte[64 << 10];
    /**
     * The size of the holes a restore leaves inside blobs, a power of two: a check per 4 KiB block (a file
     * system's usual one) cost 0.09 CPU-s in a restore of the benchmark's data set, which has no such holes.
     */
    private static final int HOLE_BLOCK = ZEROS.length;
    /**
     * Blobs are written in slices this large: the JDK copies a heap buffer into a native one of the
     * same size before writing, and a slice keeps that copy in the CPU cache and small (one per thread).
     */
    private static final int WRITE_SLICE = 256 << 10;
    /**
     * Files kept open between creation and completion (FileTarget): enough for the creating thread to
     * stay well ahead of the writers, far below any descriptor limit.
     */
    private static final int KEPT_OPEN = 128;

    private final Repository repo;
    private final NodeAttributes attributes;
    private final Problems problems;
    private final Progress progress;
    private final AtomicReference<IOException> fatal = new AtomicReference<>();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Semaphore slots = new Semaphore(KEPT_OPEN);
    // One range buffer per worker: a range is read, written out and done with before the next, and fresh
    // arrays of up to 4 MiB came to as many bytes as the restore read, which young collections then swept.
    private final ThreadLocal<byte[]> ranges = ThreadLocal.withInitial(() -> new byte[0]);

    ContentRestore(Repository repo, NodeAttributes attributes, Problems problems, Progress progress) {
        this.repo = repo;
        this.attributes = attributes;
        this.problems = problems;
        this.progress = progress;
    }

    /** Files finished intact. */
    long files() {
        return files.get();
    }

    /** Content bytes of the files finished intact. */
    long bytes() {
        return bytes.get();
    }

    /** Restores every file of the plan and returns when all are finished; throws the first write failure. */
    void run(RestorePlan plan, ExecutorService pool) throws IOException {
        Thread creator = Thread.ofPlatform().daemon().name("arca-restore-create").start(() -> createAhead(plan.files()));
        List<Future<?>> tasks = new ArrayList<>();
        List<FileTarget> empty = plan.files().stream().filter(f -> !f.awaitsBlobs()).toList();
        for (int from = 0; from < empty.size(); from += EMPTY_BATCH) {
            List<FileTarget> batch = empty.subList(from, Math.min(empty.size(), from + EMPTY_BATCH));
            tasks.add(pool.submit(() -> guarded(() -> {
                for (FileTarget file : batch) {
                    finish(file);
                }
            })));
        }
        for (PackRange range : plan.ranges()) {
            tasks.add(pool.submit(() -> guarded(() -> restore(range))));
        }
        try {
            for (Future<?> task : tasks) {
                Completion.await(task, "restoring file content");
            }
        } finally {
            creator.interrupt();
            // Nothing is created after this point, and files left open by a failure or an interrupt are closed.
            for (FileTarget file : plan.files()) {
                file.retire();
            }
        }
        IOException failure = fatal.get();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Creates the files ahead of the workers, in the order they will need them. Creating a file waits
     * for the file system's journal, often for milliseconds while it is busy with the data being
     * written; on this thread that wait costs the restore nothing. A failure is left for the worker
     * that needs the file to meet and report.
     */
    private void createAhead(List<FileTarget> files) {
        for (FileTarget file : files) {
            if (Thread.currentThread().isInterrupted() || fatal.get() != null) {
                return;
            }
            if (file.awaitsBlobs()) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    if (!file.createAhead(slots)) {
                        slots.release();
                    }
                } catch (IOException e) {
                    return; // the slot was given back
                }
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    /** Runs a task unless the restore has already failed, recording its failure as the restore's. */
    private void guarded(Work work) {
        if (fatal.get() != null) {
            return;
        }
        try {
            work.run();
        } catch (IOException e) {
            fatal.compareAndSet(null, e);
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, new IOException("restore failed: " + e, e));
        }
    }

    private void restore(PackRange range) throws IOException {
        Map<FileTarget, Integer> placed = new LinkedHashMap<>();
        byte[] packed = read(range);
        if (packed != null) {
            write(range, packed, placed);
        } else {
            for (BlobUse use : range.uses()) {
                count(use, placed);
            }
        }
        for (Map.Entry<FileTarget, Integer> done : placed.entrySet()) {
            if (done.getKey().placed(done.getValue())) {
                finish(done.getKey());
            }
        }
    }

    /**
     * Reads a range into this thread's buffer (valid until its next read), or marks every file that needs
     * it as damaged and returns null.
     */
    private byte[] read(PackRange range) throws InterruptedIOException {
        try {
            byte[] buffer = ranges.get();
            if (buffer.length < range.length()) {
                // Room for the longest range at once: grown to each longer range met, a restore of the
                // benchmark's data set allocated 49 MB of such arrays, most of them left dead in the old
                // generation (-Xlog:gc: 4 young collections and 36 MB tenured, now 2 and 22 MB).
                buffer = new byte[Math.max(range.length(), PackRange.MAX_LENGTH)];
                ranges.set(buffer);
            }
            repo.storage().loadInto(ObjectKey.of(ObjectKind.DATA, range.pack()), range.start(), buffer, 0, range.length());
            return buffer;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            for (BlobUse use : range.uses()) {
                damage(use, "pack " + range.pack() + " could not be read: " + e.getMessage());
            }
            return null;
        }
    }

    /** Writes every blob of a range that was read; the files' channels are closed before any file is finished. */
    private void write(PackRange range, byte[] packed, Map<FileTarget, Integer> placed) throws IOException {
        Map<FileTarget, FileChannel> channels = new HashMap<>();
        try {
            for (BlobUse use : range.uses()) {
                BlobCodec.Plain plain = open(range, packed, use);
                if (plain != null && !zero(plain)) {
                    for (int t = 0; t < use.targets(); t++) {
                        FileTarget file = use.file(t);
                        if (file.damage() == null) {
                            FileChannel channel = channels.get(file);
                            if (channel == null) {
                                channel = file.open(slots);
                                channels.put(file, channel);
                            }
                            write(channel, plain, use.position(t), file);
                        }
                    }
                }
                count(use, placed);
            }
        } finally {
            closeAll(channels);
        }
    }

    /**
     * Opens and verifies one blob, or marks the files that need it as damaged and returns null. The view is
     * valid until this thread opens the next blob.
     */
    private BlobCodec.Plain open(PackRange range, byte[] packed, BlobUse use) {
        try {
            BlobCodec.Plain plain = repo.openBlobInPlace(use.id, range.pack(), packed, (int) (use.offset - range.start()),
                    use.length);
            if (plain.length() != use.rawLength) {
                throw new CorruptObjectException("blob " + use.id.hex() + " in pack " + range.pack() + " holds "
                        + plain.length() + " bytes where the index says " + use.rawLength);
            }
            return plain;
        } catch (CorruptObjectException e) {
            damage(use, e.getMessage());
            return null;
        }
    }

    private void damage(BlobUse use, String reason) {
        for (int t = 0; t < use.targets(); t++) {
            use.file(t).damage(reason);
        }
    }

    private void count(BlobUse use, Map<FileTarget, Integer> placed) {
        for (int t = 0; t < use.targets(); t++) {
            placed.merge(use.file(t), 1, Integer::sum);
        }
        progress.bytesDone((long) use.rawLength * use.targets());
    }

    /**
     * Writes a blob at {@code position}, leaving as holes the blocks of {@link #HOLE_BLOCK} bytes (aligned
     * in the file) that hold only zeros: a blob is cut by content, so where a sparse file's data ends the
     * chunk runs on through zeros up to its maximum length, 8 MiB. A block whose first byte is not zero is
     * data without further checking.
     */
    private static void write(FileChannel channel, BlobCodec.Plain plain, long position, FileTarget file)
            throws IOException {
        byte[] bytes = plain.array();
        int base = plain.offset();
        int length = plain.length();
        try {
            int done = 0;
            while (done < length) {
                int end = blockEnd(position, done, length);
                if (zeros(bytes, base + done, base + end)) {
                    done = end;
                    continue;
                }
                // A run of data blocks, in slices that bound the kernel's copy per call.
                while (end < length && end - done < WRITE_SLICE) {
                    int next = blockEnd(position, end, length);
                    if (zeros(bytes, base + end, base + next)) {
                        break;
                    }
                    end = next;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes, base + done, end - done);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, position + (buffer.position() - base));
                }
                done = end;
                file.wrote(position + end);
            }
        } catch (IOException e) {
            throw Placement.failure("write", file.entry.path(), e);
        }
    }

    /** Where the block holding byte {@code from} of a blob written at {@code position} ends, within the blob. */
    private static int blockEnd(long position, int from, int length) {
        long next = ((position + from) | (HOLE_BLOCK - 1)) + 1;
        return (int) Math.min(length, next - position);
    }

    /** Whether {@code bytes[from .. to)}, at most a block, holds only zeros. */
    private static boolean zeros(byte[] bytes, int from, int to) {
        return bytes[from] == 0 && Arrays.mismatch(bytes, from, to, ZEROS, 0, to - from) < 0;
    }

    private static void closeAll(Map<FileTarget, FileChannel> channels) throws IOException {
        IOException failure = null;
        for (Map.Entry<FileTarget, FileChannel> open : channels.entrySet()) {
            try {
                open.getKey().release(open.getValue());
            } catch (IOException e) {
                if (failure == null) {
                    failure = Placement.failure("write", open.getKey().entry.path(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Completes a file whose every blob has been placed: metadata if intact, removal if damaged. */
    private void finish(FileTarget file) throws IOException {
        String damage = file.damage();
        if (damage != null) {
            if (file.retire()) {
                try {
                    Files.deleteIfExists(file.entry.path());
                } catch (IOException e) {
                    throw Placement.failure("remove damaged file", file.entry.path(), e);
                }
            }
            problems.damaged(file.entry.name(), damage);
            return;
        }
        file.complete();
        attributes.apply(file.entry);
        files.incrementAndGet();
        bytes.addAndGet(file.size);
        progress.fileDone();
    }

    /** Whether a blob is all zeros, so it can be left as a hole; content blobs rarely start with a zero, so this is quick. */
    private static boolean zero(BlobCodec.Plain plain) {
        for (int from = 0; from < plain.length(); from += ZEROS.length) {
            int n = Math.min(ZEROS.length, plain.length() - from);
            int at = plain.offset() + from;
            if (Arrays.mismatch(plain.array(), at, at + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }
}
