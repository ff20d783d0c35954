package dev.arca.protect.mariadb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the event headers of a binlog file say about replaying it: where its last whole event ends, and
 * where a replay up to a given second has to stop so that it applies whole transactions only.
 *
 * <p>The stop matches {@code mariadb-binlog --stop-datetime} piped into a client, which is how a dump is
 * brought forward: replay ends before the first event stamped after the target second, and a
 * transaction that event belongs to is not applied at all. The server's replication applier has no
 * such option, so the stop is found here and given to it as a position: the start of that transaction.
 * A file still being streamed can end inside an event or a transaction; neither is replayed.
 *
 * @param completeLength the bytes up to the end of the last whole event
 * @param newest the newest event time before {@code replayEnd} (whole seconds, as the binlog keeps them);
 *     EPOCH if none
 * @param replayEnd where a replay stops: the start of the first transaction (or lone event) stamped after
 *     the last second, else the end of the last whole transaction
 * @param passedLimit whether an event stamped after the last second was found, so later files need no
 *     replay
 * @param servers the server ids of the events before {@code replayEnd}: a server replaying them must
 *     have another, or it would skip them as its own
 */
record EventWalk(long completeLength, Instant newest, long replayEnd, boolean passedLimit, Set<Long> servers) {
    static final int MAGIC = 4;
    private static final int HEADER = 19;
    private static final int QUERY_EVENT = 2;
    private static final int FORMAT_DESCRIPTION_EVENT = 15;
    private static final int XID_EVENT = 16;
    private static final int XA_PREPARE_EVENT = 38;
    /** MySQL's GTID events, which MariaDB does not write but whose groups end the same way. */
    private static final Set<Integer> MYSQL_GTID_EVENTS = Set.of(33, 34);
    private static final int MARIADB_GTID_EVENT = 162;
    /** MariaDB's GTID flag for a group of one event with no COMMIT (DDL). */
    private static final int FL_STANDALONE = 1;
    /** Fixed part of a query event after the common header: thread, exec time, db length, error, status length. */
    private static final int QUERY_POST_HEADER = 13;

    /** The whole file, with no time limit. */
    static EventWalk of(Path file) throws IOException {
        return of(file, MAGIC, Long.MAX_VALUE);
    }

    /**
     * @param from where to start reading: a backup's position in its own file, else the file's start
     * @param lastSecond the newest event time to replay, in epoch seconds
     */
    static EventWalk of(Path file, long from, long lastSecond) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Reader(ch).walk(Math.max(from, MAGIC), lastSecond);
        }
    }

    /** One pass over a file's events, keeping track of the transaction the current event belongs to. */
    private static final class Reader {
        private final FileChannel ch;
        private final long size;
        private final ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        private int checksum;

        Reader(FileChannel ch) throws IOException {
            this.ch = ch;
            this.size = ch.size();
        }

        EventWalk walk(long from, long lastSecond) throws IOException {
            checksum = checksumLength();
            long pos = from;
            long groupStart = -1;
            boolean standalone = false;
            long boundary = from;
            long newest = 0;
            long groupNewest = 0;
            long cut = -1;
            Set<Long> servers = new TreeSet<>();
            Set<Long> groupServers = new TreeSet<>();
            while (pos + HEADER <= size) {
                read(header, pos);
                long timestamp = Integer.toUnsignedLong(header.getInt(0));
                int type = header.get(4) & 0xff;
                long server = Integer.toUnsignedLong(header.getInt(5));
                long length = Integer.toUnsignedLong(header.getInt(9));
                if (length < HEADER || pos + length > size) {
                    break;
                }
                boolean opens = type == MARIADB_GTID_EVENT || MYSQL_GTID_EVENTS.contains(type)
                        || (groupStart < 0 && type == QUERY_EVENT && "BEGIN".equals(query(pos, length)));
                if (opens) {
                    if (groupStart >= 0) {
                        // MySQL marks no DDL as standalone: its group ends where the next one starts.
                        newest = Math.max(newest, groupNewest);
                        servers.addAll(groupServers);
                        boundary = pos;
                    }
                    groupStart = pos;
                    standalone = type == MARIADB_GTID_EVENT && (flags(pos) & FL_STANDALONE) != 0;
                    groupNewest = 0;
                    groupServers.clear();
                }
                if (timestamp > lastSecond) {
                    cut = groupStart >= 0 ? groupStart : pos;
                    break;
                }
                pos += length;
                if (groupStart < 0) {
                    newest = Math.max(newest, timestamp);
                    servers.add(server);
                    boundary = pos;
                    continue;
                }
                groupNewest = Math.max(groupNewest, timestamp);
                groupServers.add(server);
                if (!opens && (standalone || ends(type, pos - length, length))) {
                    newest = Math.max(newest, groupNewest);
                    servers.addAll(groupServers);
                    groupStart = -1;
                    boundary = pos;
                }
            }
            long complete = cut >= 0 ? completeFrom(cut) : pos;
            return new EventWalk(size < MAGIC ? 0 : complete, Instant.ofEpochSecond(newest), cut >= 0 ? cut : boundary,
                    cut >= 0, servers);
        }

        /** Where the whole events end, going on from {@code pos} without looking at times. */
        private long completeFrom(long pos) throws IOException {
            while (pos + HEADER <= size) {
                read(header, pos);
                long length = Integer.toUnsignedLong(header.getInt(9));
                if (length < HEADER || pos + length > size) {
                    break;
                }
                pos += length;
            }
            return pos;
        }

        /** Whether an event ends its transaction: an XID, an XA PREPARE, or a COMMIT or ROLLBACK query. */
        private boolean ends(int type, long pos, long length) throws IOException {
            if (type == XID_EVENT || type == XA_PREPARE_EVENT) {
                return true;
            }
            if (type != QUERY_EVENT) {
                return false;
            }
            String q = query(pos, length);
            return q.equals("COMMIT") || q.equals("ROLLBACK");
        }

        /** The first characters of a query event's statement, upper case. */
        private String query(long pos, long length) throws IOException {
            ByteBuffer post = ByteBuffer.allocate(QUERY_POST_HEADER).order(ByteOrder.LITTLE_ENDIAN);
            read(post, pos + HEADER);
            int dbLength = post.get(8) & 0xff;
            int statusLength = post.getShort(11) & 0xffff;
            long start = pos + HEADER + QUERY_POST_HEADER + statusLength + dbLength + 1;
            long end = pos + length - checksum;
            if (start >= end) {
                return "";
            }
            ByteBuffer text = ByteBuffer.allocate((int) Math.min(16, end - start));
            read(text, start);
            return new String(text.array(), 0, text.limit(), StandardCharsets.US_ASCII).trim().toUpperCase(Locale.ROOT);
        }

        /** The flags byte of a MariaDB GTID event: after its sequence number (8 bytes) and domain (4). */
        private int flags(long pos) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(1);
            read(b, pos + HEADER + 12);
            return b.get(0) & 0xff;
        }

        /**
         * The length of the checksum that ends each event, from the format description event that opens
         * every binlog: its last five bytes are the algorithm (1 is CRC32) and its own checksum.
         */
        private int checksumLength() throws IOException {
            if (size < MAGIC + HEADER) {
                return 0;
            }
            read(header, MAGIC);
            long length = Integer.toUnsignedLong(header.getInt(9));
            if ((header.get(4) & 0xff) != FORMAT_DESCRIPTION_EVENT || MAGIC + length > size || length < HEADER + 5) {
                return 0;
            }
            ByteBuffer alg = ByteBuffer.allocate(1);
            read(alg, MAGIC + length - 5);
            return alg.get(0) == 1 ? 4 : 0;
        }

        private void read(ByteBuffer b, long at) throws IOException {
            b.clear();
            while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                // read it all
            }
            b.flip();
        }
    }
}
