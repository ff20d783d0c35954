package dev.arca.protect.restore;

import dev.arca.repository.crypto.BlobId;
import java.util.Arrays;

/**
 * One blob the restore needs, where it sits in its pack, and every file position it goes to. A blob
 * is read and verified once however often it recurs — zero runs and duplicated files repeat the same
 * blob many times — so its destinations are gathered here rather than looked up per file.
 */
final class BlobUse {
    final BlobId id;
    final int offset;
    final int length;
    final int rawLength;
    private FileTarget[] files = new FileTarget[1];
    private long[] positions = new long[1];
    private int count;

    BlobUse(BlobId id, int offset, int length, int rawLength) {
        this.id = id;
        this.offset = offset;
        this.length = length;
        this.rawLength = rawLength;
    }

    void addTarget(FileTarget file, long position) {
        if (count == files.length) {
            files = Arrays.copyOf(files, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        files[count] = file;
        positions[count] = position;
        count++;
    }

    int targets() {
        return count;
    }

    FileTarget file(int target) {
        return files[target];
    }

    long position(int target) {
        return positions[target];
    }

    /** The pack offset just past this blob. */
    long end() {
        return (long) offset + length;
    }
}
