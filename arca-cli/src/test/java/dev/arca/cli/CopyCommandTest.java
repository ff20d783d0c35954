package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.TreeWalker;
import dev.arca.storage.local.LocalStorage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca init --like} and {@code arca copy} end to end, in-process, between local repositories. */
class CopyCommandTest {
    private static final String TARGET_PASSWORD = "target password";

    @TempDir
    Path tmp;

    private Path source;
    private Path target;
    private Path data;

    @BeforeEach
    void setUp() throws IOException {
        source = tmp.resolve("source");
        target = tmp.resolve("target");
        data = Files.createDirectories(tmp.resolve("data"));
        Random random = new Random(2);
        for (int i = 0; i < 3; i++) {
            byte[] blob = new byte[3 << 20];
            random.nextBytes(blob);
            Files.write(data.resolve("part" + i + ".bin"), blob);
        }
        Files.writeString(data.resolve("notes.txt"), "ticket 1\n".repeat(5000));
        assertThat(CliRun.of("init", "-r", source.toString()).exit()).isZero();
    }

    /** Runs arca with the source's password in ARCA_FROM_PASSWORD and the target's in ARCA_PASSWORD. */
    private static CliRun both(String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", TARGET_PASSWORD, "ARCA_FROM_PASSWORD", CliRun.PASSWORD), new byte[0],
                CliRun.CLOCK, args);
    }

    private static CliRun asTarget(String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", TARGET_PASSWORD), new byte[0], CliRun.CLOCK, args);
    }

    private static JsonNode json(CliRun r) throws IOException {
        assertThat(r.exit()).as(r.err()).isIn(ExitCode.OK, ExitCode.PARTIAL);
        return new ObjectMapper().readTree(r.out());
    }

    private void backup() {
        CliRun b = CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0], java.time.Clock.systemUTC(),
                "backup", "-r", source.toString(), data.toString());
        assertThat(b.exit()).as(b.err()).isZero();
    }

    private void initLikeTarget() {
        CliRun init = both("init", "-r", target.toString(), "--like", source.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("like ").contains("'arca copy --from " + source + " --to " + target + "'");
    }

    private long blobs(Path repo, String password) throws IOException {
        CliRun stats = CliRun.with(Map.of("ARCA_PASSWORD", password), new byte[0], CliRun.CLOCK, "stats", "-r", repo.toString(), "--json");
        return json(stats).get("blobs").asLong();
    }

    private void assertTargetRestoresTheData() throws IOException {
        Path out = tmp.resolve("restored");
        CliRun restore = asTarget("restore", "-r", target.toString(), "latest", "--target", out.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        Path back = out.resolve(data.toString().substring(1));
        for (String name : new String[] {"part0.bin", "part1.bin", "part2.bin", "notes.txt"}) {
            assertThat(Files.readAllBytes(back.resolve(name))).as(name).isEqualTo(Files.readAllBytes(data.resolve(name)));
        }
    }

    @Test
    void copyTwoSnapshotsRestoreThemThenCopyNothingThenOnlyTheChange() throws IOException {
        backup();
        Files.writeString(data.resolve("notes.txt"), "ticket 2\n".repeat(5000));
        backup();
        initLikeTarget();

        JsonNode first = json(both("copy", "--from", source.toString(), "--to", target.toString(), "--json"));

        assertThat(first.get("copied").asInt()).isEqualTo(2);
        assertThat(first.get("blobs_sent").asLong()).isEqualTo(blobs(source, CliRun.PASSWORD)).isEqualTo(blobs(target, TARGET_PASSWORD));
        assertThat(first.get("snapshots").get(0).get("outcome").asText()).isEqualTo("copied");
        assertThat(first.get("snapshots").get(1).get("blobs_skipped").asLong()).isPositive();
        assertTargetRestoresTheData();
        CliRun listed = asTarget("snapshots", "-r", target.toString());
        assertThat(listed.out()).endsWith("2 snapshots\n");

        CliRun again = both("copy", "--from", source.toString(), "-r", target.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("already in the target as ").containsPattern(
                "copied 0 snapshots \\(2 already there, 0 failed\\): 0 blobs sent \\(0 B\\) in ");

        // 1% of the data: 96 KiB of 9 MiB, in one file.
        try (RandomAccessFile f = new RandomAccessFile(data.resolve("part1.bin").toFile(), "rw")) {
            byte[] patch = new byte[96 << 10];
            new Random(3).nextBytes(patch);
            f.seek(1 << 20);
            f.write(patch);
        }
        long before = blobs(source, CliRun.PASSWORD);
        backup();
        long added = blobs(source, CliRun.PASSWORD) - before;
        JsonNode third = json(both("copy", "--from", source.toString(), "--to", target.toString(), "--json", "latest"));
        assertThat(third.get("blobs_sent").asLong()).isEqualTo(added);
        assertThat(added).isBetween(2L, 12L);
        assertThat(third.get("copied").asInt()).isEqualTo(1);
        assertTargetRestoresTheData();
    }

    @Test
    void aDamagedBlobInTheSourceFailsItsSnapshotNamingBoth() throws Exception {
        backup();
        String snapshot;
        String blob;
        try (Repository r = Repository.open(LocalStorage.open(source, false), CliRun.PASSWORD.toCharArray(), CliRun.CLOCK)) {
            Snapshot s = r.snapshots().find("latest", null);
            snapshot = s.shortId();
            List<String> ids = new ArrayList<>();
            new TreeWalker(r).walk(s.tree(), (path, node) -> {
                if (path.endsWith("/part1.bin")) {
                    ids.addAll(node.content());
                }
                return true;
            });
            blob = ids.getFirst();
            BlobIndex.Location at = r.index().find(BlobId.parse(blob)).orElseThrow();
            try (RandomAccessFile f = new RandomAccessFile(source.resolve("data").resolve(at.pack().substring(0, 2))
                    .resolve(at.pack()).toFile(), "rw")) {
                f.seek(at.offset() + 100);
                int b = f.read();
                f.seek(at.offset() + 100);
                f.write(b ^ 1);
            }
        }
        initLikeTarget();

        CliRun r = both("copy", "--from", source.toString(), "--to", target.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).startsWith("arca: snapshot " + snapshot + " not copied: blob " + blob + " in pack ")
                .endsWith("does not decrypt (damaged or tampered with)\nHINT: run 'arca check --read-data -r " + source
                        + "' to see what is damaged there; everything else was copied, and a rerun sends only what is still missing\n");
        assertThat(asTarget("snapshots", "-r", target.toString()).out()).endsWith("0 snapshots\n");
    }

    @Test
    void copyIntoARepositoryNotCreatedLikeTheSourceIsRefused() {
        backup();
        assertThat(asTarget("init", "-r", target.toString()).exit()).isZero();

        CliRun r = both("copy", "--from", source.toString(), "--to", target.toString());

        assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).isEqualTo("arca: cannot copy into '" + target + "': it was not created like '" + source
                + "', so the same data has other blob ids there\n"
                + "HINT: init the target with --like: 'arca init -r NEW_TARGET --like " + source + "', then copy into it\n");
        assertThat(asTarget("snapshots", "-r", target.toString()).out()).endsWith("0 snapshots\n");
    }

    @Test
    void theSourcePasswordComesFromItsOwnFileOrVariableElseTheTargets() throws IOException {
        Path file = tmp.resolve("source.pw");
        Files.writeString(file, CliRun.PASSWORD + "\n");
        CliRun viaFile = asTarget("init", "-r", target.toString(), "--like", source.toString(), "--from-password-file", file.toString(),
                "--json");
        assertThat(viaFile.exit()).as(viaFile.err()).isZero();
        assertThat(json(viaFile).get("like").asText()).hasSize(32);

        Map<String, String> wrong = new HashMap<>(Map.of("ARCA_PASSWORD", TARGET_PASSWORD, "ARCA_FROM_PASSWORD", "nope"));
        CliRun r = CliRun.with(wrong, new byte[0], CliRun.CLOCK, "copy", "--from", source.toString(), "--to", target.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.WRONG_PASSWORD);
        assertThat(r.err()).isEqualTo("arca: source repository '" + source + "': wrong password or no key slot matches (tried 1 key slots)\n"
                + "HINT: set ARCA_FROM_PASSWORD or pass --from-password-file FILE; without them the target's password is tried\n");

        // Without a source password of its own, the target's is tried: here the same one opens both.
        Path same = tmp.resolve("same");
        assertThat(CliRun.of("init", "-r", same.toString(), "--like", source.toString()).exit()).isZero();
        CliRun copy = CliRun.of("copy", "--from", source.toString(), "--to", same.toString());
        assertThat(copy.exit()).as(copy.err()).isZero();
    }

    @Test
    void likeNeedsATargetAndTheTargetIsGivenOnce() {
        CliRun noTarget = both("init", "--like", source.toString());
        assertThat(noTarget.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noTarget.err()).isEqualTo("arca: --like and --from-password-file create a repository: they need -r TARGET\n");

        CliRun twice = both("copy", "--from", source.toString(), "--to", target.toString(), "-r", tmp.resolve("x").toString());
        assertThat(twice.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.err()).startsWith("arca: --to '" + target + "' and -r '" + tmp.resolve("x") + "' name different targets\n");
    }
}
