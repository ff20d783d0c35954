package dev.arca.repository.log;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.Repository;
import dev.arca.repository.TestRepositories;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogArchiveTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private final MemoryStorage storage = new MemoryStorage();
    private final LogArchive logs;

    LogArchiveTest() throws IOException {
        Repository repo = TestRepositories.init(storage);
        logs = repo.logs();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private byte[] read(String stream, String log) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        logs.copy(logs.file(stream, log).orElseThrow(), out);
        return out.toByteArray();
    }

    @Test
    void livePiecesReadBackAsOneFileUpToTheFirstHole() throws IOException {
        byte[] file = bytes(10_000, 1);
        logs.append("db", "000000010000000000000003", 0, file, 4000, T0);
        logs.append("db", "000000010000000000000003", 4000, Arrays.copyOfRange(file, 4000, 7000), 3000, T0.plusSeconds(1));
        logs.append("db", "000000010000000000000003", 8000, Arrays.copyOfRange(file, 8000, 10_000), 2000, T0.plusSeconds(3));

        LogFile f = logs.file("db", "000000010000000000000003").orElseThrow();

        assertThat(f.end()).isEqualTo(7000);
        assertThat(f.complete()).isFalse();
        assertThat(f.lastTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(read("db", "000000010000000000000003")).isEqualTo(Arrays.copyOf(file, 7000));
    }

    @Test
    void completingAFileReplacesItsLivePiecesWithParts() throws IOException {
        byte[] file = bytes(LogArchive.PART_SIZE + 123, 2);
        logs.append("db", "mysql-bin.000007", 0, file, 1000, T0);

        LogFile done = logs.complete("db", "mysql-bin.000007", new ByteArrayInputStream(file), file.length, T0.plusSeconds(5));

        assertThat(done.complete()).isTrue();
        assertThat(done.pieces()).extracting(LogPiece::kind).containsExactly(LogPiece.Kind.PART, LogPiece.Kind.FINAL);
        LogFile stored = logs.file("db", "mysql-bin.000007").orElseThrow();
        assertThat(stored.complete()).isTrue();
        assertThat(stored.end()).isEqualTo(file.length);
        assertThat(stored.pieces()).noneMatch(p -> p.kind() == LogPiece.Kind.LIVE);
        assertThat(read("db", "mysql-bin.000007")).isEqualTo(file);
    }

    @Test
    void streamsAreKeptApartAndNamedByAKeyedTag() throws IOException {
        logs.append("ticketing/db", "a.000001", 0, new byte[] {1}, 1, T0);
        logs.append("auth/db", "a.000001", 0, new byte[] {2, 2}, 2, T0);

        assertThat(logs.files("ticketing/db")).singleElement().satisfies(f -> assertThat(f.end()).isEqualTo(1));
        assertThat(logs.files("auth/db")).singleElement().satisfies(f -> assertThat(f.end()).isEqualTo(2));
        assertThat(storage.list(ObjectKind.LOGS)).extracting(i -> i.key().name()).noneMatch(n -> n.contains("ticketing"));
    }

    @Test
    void aPieceMovedToAnotherNameIsRejected() throws IOException {
        LogPiece a = logs.append("db", "f.000001", 0, new byte[] {1, 2, 3}, 3, T0);
        byte[] sealed = storage.load(a.key());
        LogPiece forged = new LogPiece(a.tag(), "f.000001", LogPiece.Kind.LIVE, 3, 6, T0);
        storage.save(forged.key(), sealed);

        LogFile f = logs.file("db", "f.000001").orElseThrow();

        assertThatThrownBy(() -> logs.copy(f, new ByteArrayOutputStream()))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage(storage.location() + ": logs/" + forged.key().name()
                        + ": content is not the log piece its name says (moved or replaced)");
    }

    @Test
    void anInterruptedCompletionStillReadsWhole() throws IOException {
        byte[] file = bytes(5000, 3);
        logs.append("db", "f.000002", 0, file, 5000, T0);
        // The finished copy is stored but the crash came before the live piece was removed.
        LogPiece fin = new LogPiece(logs.tag("db"), "f.000002", LogPiece.Kind.FINAL, 0, 5000, T0.plusSeconds(1));
        LogArchive other = logs;
        other.complete("db", "f.000002", new ByteArrayInputStream(file), file.length, T0.plusSeconds(1));
        logs.append("db", "f.000002", 0, file, 5000, T0); // the live piece again, as if never removed

        LogFile f = logs.file("db", "f.000002").orElseThrow();

        assertThat(f.complete()).isTrue();
        assertThat(f.pieces()).contains(fin);
        assertThat(read("db", "f.000002")).isEqualTo(file);
    }

    @Test
    void removingAFileRemovesEveryPiece() throws IOException {
        byte[] file = bytes(100, 4);
        logs.append("db", "f.000003", 0, file, 50, T0);
        logs.complete("db", "f.000003", new ByteArrayInputStream(file), 100, T0);
        logs.append("db", "f.000004", 0, file, 10, T0);

        logs.remove(logs.file("db", "f.000003").orElseThrow());

        List<ObjectInfo> left = storage.list(ObjectKind.LOGS);
        assertThat(left).extracting(ObjectInfo::key).extracting(ObjectKey::name).allMatch(n -> n.endsWith("f.000004"));
        assertThat(logs.files("db")).extracting(LogFile::log).containsExactly("f.000004");
    }

    @Test
    void anEmptyFinishedFileIsComplete() throws IOException {
        logs.complete("db", "f.000005", new ByteArrayInputStream(new byte[0]), 0, T0);

        LogFile f = logs.file("db", "f.000005").orElseThrow();

        assertThat(f.complete()).isTrue();
        assertThat(f.end()).isZero();
    }

    @Test
    void aConfirmationAtTheStoredEndExtendsTheFilesTimeUntilItIsFinished() throws IOException {
        byte[] file = bytes(3000, 6);
        String log = "000000010000000000000009";
        logs.append("db", log, 0, file, 1000, T0);
        LogPiece first = logs.confirm("db", log, 1000, T0.plusSeconds(30));
        logs.confirm("db", log, 1000, T0.plusSeconds(60));
        logs.removeConfirmation(first);
        logs.confirm("db", log, 500, T0.plusSeconds(90)); // not at the end: says nothing of bytes 500-1000's time

        LogFile idle = logs.file("db", log).orElseThrow();
        assertThat(idle.end()).isEqualTo(1000);
        assertThat(idle.lastTime()).isEqualTo(T0.plusSeconds(60));
        assertThat(read("db", log)).isEqualTo(Arrays.copyOf(file, 1000));

        logs.append("db", log, 1000, Arrays.copyOfRange(file, 1000, 2000), 1000, T0.plusSeconds(70));
        assertThat(logs.file("db", log).orElseThrow().lastTime()).as("an older confirmation of a shorter end")
                .isEqualTo(T0.plusSeconds(70));

        logs.complete("db", log, new ByteArrayInputStream(file), file.length, T0.plusSeconds(80));
        assertThat(logs.pieces("db")).as("finishing removes the confirmations").allMatch(p -> p.length() > 0);
        assertThatThrownBy(() -> logs.removeConfirmation(logs.pieces("db").getFirst()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" is not a confirmation");
    }
}
