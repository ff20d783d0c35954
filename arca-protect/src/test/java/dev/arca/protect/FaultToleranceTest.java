package dev.arca.protect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupProgress;
import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.RestoreResult;
import dev.arca.protect.restore.Restorer;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups through storage that fails, tears writes, loses replies or hangs: whatever happens, the
 * backup either fails or yields a snapshot that restores byte for byte, earlier snapshots still
 * restore, and the next backup on healthy storage succeeds.
 */
class FaultToleranceTest {
    private static final char[] PASSWORD = "pw".toCharArray();

    @TempDir
    Path tmp;

    static Stream<Fault> faults() {
        return Stream.of(
                Fault.fail().on(Operation.SAVE).in(ObjectKind.DATA).after(1),
                Fault.fail().on(Operation.SAVE).in(ObjectKind.INDEX),
                Fault.fail().on(Operation.SAVE).in(ObjectKind.SNAPSHOTS),
                Fault.fail().on(Operation.LOAD).after(3),
                Fault.truncate().in(ObjectKind.DATA).after(1),
                Fault.truncate().in(ObjectKind.INDEX),
                Fault.truncate().in(ObjectKind.SNAPSHOTS),
                Fault.lostReply().on(Operation.SAVE).in(ObjectKind.DATA).after(1),
                Fault.lostReply().on(Operation.SAVE).in(ObjectKind.INDEX),
                Fault.hang(Duration.ofMillis(300)).on(Operation.SAVE).in(ObjectKind.DATA).after(1),
                Fault.corrupt().on(Operation.LOAD).after(2));
    }

    private static Repository.InitOptions fast() {
        Repository.InitOptions d = Repository.InitOptions.defaults("h", "u");
        // Small packs so a backup makes many storage calls for faults to land in.
        return new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), d.compressionLevel(), 1 << 20, d.chunks(), "h", "u");
    }

    private static Repository open(Storage s) throws Exception {
        return Repository.open(s, PASSWORD, Clock.systemUTC());
    }

    private Snapshot backup(Storage s, Path data, Optional<Snapshot> parent) throws Exception {
        try (Repository r = open(s); Archiver a = new Archiver(r)) {
            return a.backup(new BackupOptions(List.of(data), List.of(), List.of(), parent, "files", "h", "u", Duration.ZERO),
                    new BackupProgress()).snapshot();
        }
    }

    private Map<String, String> restore(Storage s, String snapshotId) throws Exception {
        Path target = Files.createTempDirectory(tmp, "restore");
        try (Repository r = open(s)) {
            RestoreResult result = new Restorer(r, RestoreOptions.defaults()).restore(r.snapshots().load(snapshotId), target);
            assertThat(result.damaged()).isEmpty();
        }
        return manifest(target);
    }

    private static Map<String, String> manifest(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.getFileName().toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    private static void write(Path data, int seed) throws IOException {
        Random random = new Random(seed);
        byte[] bytes = new byte[3 << 20];
        random.nextBytes(bytes);
        Files.write(data.resolve("upload-" + seed + ".bin"), bytes);
        Files.writeString(data.resolve("log-" + seed + ".txt"), ("ticket " + seed + " escalated\n").repeat(40_000));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void aFaultNeverYieldsASnapshotThatDoesNotRestore(Fault fault) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        MemoryStorage healthy = new MemoryStorage();
        Repository.init(healthy, PASSWORD, fast(), Clock.systemUTC()).close();
        write(data, 1);
        Path dump = data.resolve("dump.sql");
        StringBuilder rows = new StringBuilder();
        Random random = new Random(5);
        while (rows.length() < 4 << 20) {
            rows.append("INSERT INTO tickets VALUES (").append(random.nextLong()).append(");\n");
        }
        Files.writeString(dump, rows);
        Snapshot first = backup(healthy, data, Optional.empty());
        Map<String, String> firstContent = manifest(data);

        write(data, 2);
        // A changed file with a version in the parent: it is cut along that version's chunks.
        rows.insert(rows.length() / 2, "INSERT INTO tickets VALUES (0);\n");
        Files.writeString(dump, rows);
        Map<String, String> secondContent = manifest(data);
        FaultyStorage faulty = FaultyStorage.wrap(healthy).inject(fault);
        Optional<Snapshot> second = Optional.empty();
        try {
            second = Optional.of(backup(faulty, data, Optional.of(first)));
        } catch (Exception e) {
            // A failed backup is fine; what it leaves behind is what matters.
        }
        assertThat(faulty.injected()).as("the fault was triggered").isPositive();

        assertThat(restore(healthy, first.id())).isEqualTo(firstContent);
        if (second.isPresent()) {
            assertThat(restore(healthy, second.get().id())).isEqualTo(secondContent);
        }
        write(data, 3);
        Snapshot third = backup(healthy, data, Optional.empty());
        assertThat(restore(healthy, third.id())).isEqualTo(manifest(data));
    }
}
