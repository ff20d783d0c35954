package dev.arca.repository.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.TestRepositories;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.memory.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Copying log pieces into a repository created like this one: same names, the target's key. */
class LogPieceCopyTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void piecesCopiedUnderTheSameNameReadBackWithTheTargetKey() throws IOException {
        MemoryStorage targetStorage = new MemoryStorage();
        try (Repository source = TestRepositories.init(new MemoryStorage());
             Repository target = Repository.initLike(targetStorage, "other".toCharArray(), source,
                     TestRepositories.fastOptions(), Clock.systemUTC())) {
            byte[] wal = new byte[100_000];
            new Random(3).nextBytes(wal);
            source.logs().complete("db", "000000010000000000000001", new ByteArrayInputStream(wal), wal.length, T0);
            source.logs().append("db", "000000010000000000000002", 0, wal, 500, T0.plusSeconds(1));

            for (LogPiece p : source.logs().allPieces()) {
                assertThat(source.logs().copyTo(p, target.logs())).isEqualTo(p.length());
            }

            assertThat(target.logs().allPieces()).isEqualTo(source.logs().allPieces());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            target.logs().copy(target.logs().file("db", "000000010000000000000001").orElseThrow(), out);
            assertThat(out.toByteArray()).isEqualTo(wal);
            assertThat(target.logs().file("db", "000000010000000000000002").orElseThrow().end()).isEqualTo(500);
        }
    }

    @Test
    void aPieceStoredUnderAnotherNameIsNotCopied() throws IOException {
        try (Repository source = TestRepositories.init(new MemoryStorage());
             Repository target = Repository.initLike(new MemoryStorage(), "other".toCharArray(), source,
                     TestRepositories.fastOptions(), Clock.systemUTC())) {
            LogPiece a = source.logs().append("db", "a", 0, new byte[10], 10, T0);
            LogPiece b = source.logs().append("db", "b", 0, new byte[10], 10, T0);
            ObjectKey bKey = b.key();
            byte[] aBytes = source.storage().load(a.key());
            source.storage().remove(bKey);
            source.storage().save(bKey, aBytes);

            assertThatThrownBy(() -> source.logs().copyTo(b, target.logs())).isInstanceOf(CorruptObjectException.class)
                    .hasMessageContaining("content is not the log piece its name says");
            assertThat(target.logs().allPieces()).isEmpty();
        }
    }
}
