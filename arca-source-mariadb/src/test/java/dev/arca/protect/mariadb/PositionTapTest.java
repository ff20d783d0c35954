package dev.arca.protect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PositionTapTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static final String DUMP = """
            /*M!999999\\- enable the sandbox mode */\s
            -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
            -- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
            -- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000042', MASTER_LOG_POS=1186;
            INSERT INTO `t` VALUES (1,'-- CHANGE MASTER TO MASTER_LOG_FILE=''evil.000001'', MASTER_LOG_POS=1;');
            %s
            -- SET GLOBAL gtid_slave_pos='0-1-5,1-2-9';
            -- Dump completed on 2026-11-26 14:37:26
            """.formatted("INSERT INTO `t` VALUES " + "(2,'x'),".repeat(1000) + "(3,'-- SET GLOBAL gtid_slave_pos=''9-9-9'';')");

    private static PositionTap read(InputStream in, int chunk) throws IOException {
        PositionTap tap = new PositionTap(in, Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] buf = new byte[chunk];
        while (tap.read(buf, 0, chunk) >= 0) {
            // the tap sees what passes
        }
        return tap;
    }

    @Test
    void findsThePositionAndGtidInCommentLinesWhateverTheReadSize() throws IOException {
        byte[] dump = DUMP.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 7, 8192}) {
            PositionTap tap = read(new ByteArrayInputStream(dump), chunk);
            assertThat(tap.binlogFile()).hasValue("mysql-bin.000042");
            assertThat(tap.binlogPosition()).isEqualTo(1186);
            assertThat(tap.gtid()).hasValue("0-1-5,1-2-9");
            assertThat(tap.seenAt()).hasValue(NOW);
        }
    }

    @Test
    void passesEveryByteThroughUnchanged() throws IOException {
        byte[] dump = DUMP.getBytes(StandardCharsets.UTF_8);
        PositionTap tap = new PositionTap(new ByteArrayInputStream(dump), Clock.systemUTC());
        assertThat(tap.readAllBytes()).isEqualTo(dump);
    }

    @Test
    void aDumpWithoutPositionHasNone() throws IOException {
        PositionTap tap = read(new ByteArrayInputStream("-- no binlog\nCREATE TABLE t(i int);\n".getBytes(StandardCharsets.UTF_8)), 64);
        assertThat(tap.binlogFile()).isEmpty();
        assertThat(tap.seenAt()).isEmpty();
    }
}
