package dev.arca.protect.mariadb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The event headers of a binlog file: where its last whole event ends and the newest event time in it.
 * A file still being streamed can end inside an event; replay must stop before that event, and a
 * restore to "latest" reports the newest event it replayed.
 *
 * @param completeLength the bytes up to the end of the last whole event
 * @param newest the newest event timestamp (whole seconds, as the binlog keeps them); EPOCH if none
 */
record EventWalk(long completeLength, Instant newest) {
    private static final int MAGIC = 4;
    private static final int HEADER = 19;

    static EventWalk of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < MAGIC) {
                return new EventWalk(0, Instant.EPOCH);
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            long pos = MAGIC;
            long newest = 0;
            while (pos + HEADER <= size) {
                header.clear();
                while (header.hasRemaining() && ch.read(header, pos + header.position()) > 0) {
                    // read the whole header
                }
                long timestamp = Integer.toUnsignedLong(header.getInt(0));
                long length = Integer.toUnsignedLong(header.getInt(9));
                if (length < HEADER || pos + length > size) {
                    break;
                }
                newest = Math.max(newest, timestamp);
                pos += length;
            }
            return new EventWalk(pos, Instant.ofEpochSecond(newest));
        }
    }
}
