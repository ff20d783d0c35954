package dev.arca.protect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binlog files built event by event as MariaDB 10.11 writes them (CRC32 checksums), so that each way a
 * transaction can end, or be cut off, is tried on purpose.
 */
class EventWalkTest {
    @TempDir
    Path tmp;

    /** A binlog being written: each method appends one event and returns where it starts. */
    private static final class Binlog {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Binlog() {
            out.writeBytes(new byte[] {(byte) 0xfe, 'b', 'i', 'n'});
            byte[] body = new byte[2 + 50 + 4 + 1 + 5 + 1];
            body[body.length - 1] = 1; // checksum algorithm: CRC32
            event(15, 90, 1, body);
        }

        long gtid(long time, boolean standalone) {
            byte[] body = new byte[8 + 4 + 1 + 6];
            body[12] = (byte) (standalone ? 1 : 0);
            return event(162, time, 1, body);
        }

        long query(long time, String sql) {
            byte[] text = sql.getBytes(StandardCharsets.US_ASCII);
            byte[] status = {0, 0, 0, 0, 0};
            byte[] db = "shop".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(13 + status.length + db.length + 1 + text.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(7).putInt(0).put((byte) db.length).putShort((short) 0).putShort((short) status.length);
            b.put(status).put(db).put((byte) 0).put(text);
            return event(2, time, 1, b.array());
        }

        long rows(long time, long server) {
            return event(23, time, server, new byte[40]);
        }

        long xid(long time) {
            return event(16, time, 1, new byte[8]);
        }

        /** A whole row-based transaction of one server in one second; returns where it starts. */
        long transaction(long time, long server) {
            long at = gtid(time, false);
            rows(time, server);
            xid(time);
            return at;
        }

        long event(int type, long time, long server, byte[] body) {
            long at = out.size();
            ByteBuffer h = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt((int) time).put((byte) type).putInt((int) server).putInt(19 + body.length + 4)
                    .putInt((int) (at + 19 + body.length + 4)).putShort((short) 0);
            out.writeBytes(h.array());
            out.writeBytes(body);
            out.writeBytes(new byte[4]);
            return at;
        }

        long size() {
            return out.size();
        }

        Path write(Path file, long length) throws IOException {
            return Files.write(file, Arrays.copyOf(out.toByteArray(), (int) length));
        }
    }

    @Test
    void stopsAtTheTransactionHoldingTheFirstEventAfterTheTargetSecond() throws IOException {
        Binlog b = new Binlog();
        b.transaction(100, 1);
        long second = b.gtid(101, false);
        b.rows(100, 1);
        b.xid(102);
        long third = b.gtid(103, false);
        Path f = b.write(tmp.resolve("binlog.000001"), b.size());

        EventWalk upTo101 = EventWalk.of(f, EventWalk.MAGIC, 101);
        assertThat(upTo101.replayEnd()).isEqualTo(second);
        assertThat(upTo101.passedLimit()).isTrue();
        assertThat(upTo101.newest()).isEqualTo(Instant.ofEpochSecond(100));
        assertThat(upTo101.completeLength()).isEqualTo(b.size());

        EventWalk upTo102 = EventWalk.of(f, EventWalk.MAGIC, 102);
        assertThat(upTo102.replayEnd()).isEqualTo(third);
        assertThat(upTo102.newest()).isEqualTo(Instant.ofEpochSecond(102));
    }

    @Test
    void aTransactionCutOffByTheEndOfTheFileIsNotReplayed() throws IOException {
        Binlog b = new Binlog();
        b.transaction(100, 1);
        long end = b.gtid(101, false);
        long rows = b.rows(101, 1);
        b.xid(101);
        Path f = b.write(tmp.resolve("binlog.000001"), rows + 50);

        EventWalk all = EventWalk.of(f);
        assertThat(all.replayEnd()).isEqualTo(end);
        assertThat(all.passedLimit()).isFalse();
        assertThat(all.completeLength()).isEqualTo(rows);
        assertThat(all.newest()).isEqualTo(Instant.ofEpochSecond(100));
    }

    @Test
    void ddlEndsWithItsQueryAndNonTransactionalChangesWithACommitQuery() throws IOException {
        Binlog b = new Binlog();
        b.gtid(100, true);
        b.query(100, "CREATE TABLE t (i INT)");
        long afterDdl = b.gtid(100, false);
        b.query(100, "INSERT INTO t VALUES (1)");
        long commit = b.query(100, "COMMIT");
        Path whole = b.write(tmp.resolve("binlog.000001"), b.size());
        Path cut = b.write(tmp.resolve("binlog.000002"), commit);

        assertThat(EventWalk.of(whole).replayEnd()).isEqualTo(b.size());
        assertThat(EventWalk.of(cut).replayEnd()).isEqualTo(afterDdl);
    }

    @Test
    void startsAtTheBackupPositionAndNamesTheServersReplayed() throws IOException {
        Binlog b = new Binlog();
        b.transaction(100, 7);
        long backup = b.transaction(101, 3);
        Path f = b.write(tmp.resolve("binlog.000001"), b.size());

        EventWalk walk = EventWalk.of(f, backup, Long.MAX_VALUE);
        assertThat(walk.servers()).containsExactly(1L, 3L);
        assertThat(walk.replayEnd()).isEqualTo(b.size());
        assertThat(EventWalk.of(f, backup, 100).replayEnd()).isEqualTo(backup);
    }
}
