package dev.arca.protect.log;

import dev.arca.repository.Repository;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.log.LogFile;
import dev.arca.storage.memory.MemoryStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogShipperTest {
    private static final int SEGMENT = 1 << 20;
    @TempDir
    Path spool;
    private final MemoryStorage storage = new MemoryStorage();
    private Instant now = Instant.parse("2026-11-26T10:00:00Z");
    private final Repository repo;

    LogShipperTest() throws IOException {
        Repository.InitOptions d = Repository.InitOptions.defaults("host", "tester");
        repo = Repository.init(storage, "pw".toCharArray(), new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1),
                d.compressionLevel(), d.packSize(), d.chunks(), d.host(), d.user()), new Clock() {
                    @Override
                    public java.time.ZoneId getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now;
                    }
                });
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < n; i++) {
            b[i] |= 1; // no zero bytes, so the written length is unambiguous
        }
        return b;
    }

    private byte[] stored(String stream, String log) throws IOException {
        LogFile f = repo.logs().file(stream, log).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        repo.logs().copy(f, out);
        return out.toByteArray();
    }

    @Test
    void shipsTheWrittenPartOfAZeroFilledPartialSegmentThenTheFinishedSegment() throws IOException {
        String seg = "000000010000000000000002";
        byte[] wal = random(SEGMENT, 7);
        Path partial = spool.resolve(seg + ".partial");
        byte[] padded = new byte[SEGMENT];
        System.arraycopy(wal, 0, padded, 0, 1000);
        Files.write(partial, padded);
        LogShipper shipper = new LogShipper(repo, "db", spool, new WalFormat());

        assertThat(shipper.shipOnce().bytesStored()).isEqualTo(1000);
        now = now.plusSeconds(1);
        System.arraycopy(wal, 1000, padded, 1000, 5000);
        Files.write(partial, padded);
        assertThat(shipper.shipOnce().bytesStored()).isEqualTo(5000);
        assertThat(stored("db", seg)).isEqualTo(Arrays.copyOf(wal, 6000));
        assertThat(repo.logs().file("db", seg).orElseThrow().lastTime()).isEqualTo(now);

        Files.delete(partial);
        Files.write(spool.resolve(seg), wal);
        now = now.plusSeconds(1);
        LogShipper.Round round = shipper.shipOnce();

        assertThat(round.filesFinished()).containsExactly(seg);
        assertThat(spool.resolve(seg)).doesNotExist();
        LogFile f = repo.logs().file("db", seg).orElseThrow();
        assertThat(f.complete()).isTrue();
        assertThat(stored("db", seg)).isEqualTo(wal);
    }

    @Test
    void aBinlogIsFinishedWhenTheNextOneAppearsAndARestartedShipperContinues() throws IOException {
        Path first = spool.resolve("mysql-bin.000001");
        byte[] a = random(3000, 1);
        Files.write(first, Arrays.copyOf(a, 1200));
        Files.writeString(spool.resolve("mysql-bin.index"), "ignored\n");
        new LogShipper(repo, "maria", spool, new BinlogFormat()).shipOnce();

        Files.write(first, Arrays.copyOfRange(a, 1200, 3000), StandardOpenOption.APPEND);
        LogShipper restarted = new LogShipper(repo, "maria", spool, new BinlogFormat());
        assertThat(restarted.shippedEnd("mysql-bin.000001")).contains(1200L);
        assertThat(restarted.shipOnce().bytesStored()).isEqualTo(1800);
        assertThat(repo.logs().file("maria", "mysql-bin.000001").orElseThrow().complete()).isFalse();

        Files.write(spool.resolve("mysql-bin.000002"), random(10, 2));
        LogShipper.Round round = restarted.shipOnce();

        assertThat(round.filesFinished()).containsExactly("mysql-bin.000001");
        assertThat(stored("maria", "mysql-bin.000001")).isEqualTo(a);
        assertThat(repo.logs().files("maria")).extracting(LogFile::log)
                .containsExactly("mysql-bin.000001", "mysql-bin.000002");
        assertThat(spool.resolve("mysql-bin.index")).exists();
    }

    @Test
    void aConfirmationGoesOnTheNewestUnfinishedFileAndReplacesTheOneBefore() throws IOException {
        byte[] wal = random(4000, 3);
        byte[] padded = new byte[SEGMENT];
        System.arraycopy(wal, 0, padded, 0, wal.length);
        Files.write(spool.resolve("000000010000000000000004"), random(SEGMENT, 4));
        Files.write(spool.resolve("000000010000000000000005.partial"), padded);
        LogShipper shipper = new LogShipper(repo, "db", spool, new WalFormat());
        assertThat(shipper.confirm(now)).as("nothing shipped yet").isFalse();
        shipper.shipOnce();

        now = now.plusSeconds(10);
        assertThat(shipper.confirm(now)).isTrue();
        now = now.plusSeconds(10);
        assertThat(shipper.confirm(now)).isTrue();

        assertThat(repo.logs().file("db", "000000010000000000000005").orElseThrow().lastTime()).isEqualTo(now);
        assertThat(repo.logs().file("db", "000000010000000000000004").orElseThrow().lastTime()).isEqualTo(now.minusSeconds(20));
        assertThat(repo.logs().pieces("db")).filteredOn(p -> p.length() == 0).singleElement()
                .satisfies(p -> assertThat(p.offset()).isEqualTo(4000));
    }
}
