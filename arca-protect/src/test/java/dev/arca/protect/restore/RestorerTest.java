package dev.arca.protect.restore;

import dev.arca.protect.Progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.protect.names.NameBytes;
import dev.arca.protect.xattrs.ExtendedAttributes;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.RawText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path target;

    private final SnapshotFixture fixture;

    RestorerTest() throws IOException {
        fixture = new SnapshotFixture();
    }

    private RestoreResult restore(Snapshot snapshot, RestoreOptions options) throws IOException {
        return new Restorer(fixture.repo, options).restore(snapshot, target);
    }

    private RestoreResult restore(Snapshot snapshot) throws IOException {
        return restore(snapshot, RestoreOptions.defaults().withThreads(3));
    }

    @Test
    void restoresManyFilesByteForByte() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        List<Node> config = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] data = SnapshotFixture.random(i % 7 == 0 ? 0 : 100 + i * 3001, i);
            files.put("srv/data/config/c" + i, data);
            config.add(fixture.file("c" + i, data));
        }
        byte[] big = SnapshotFixture.random(20 << 20, 99);
        files.put("srv/data/big.bin", big);
        Node bigNode = fixture.file("big.bin", big);
        assertThat(bigNode.content()).hasSizeGreaterThan(40);
        Progress progress = new Progress();

        RestoreResult result = restore(fixture.snapshot(fixture.dir("srv", fixture.dir("data",
                fixture.dir("config", config.toArray(Node[]::new)), bigNode))), RestoreOptions.defaults().withProgress(progress));

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            assertThat(Files.readAllBytes(target.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        long bytes = files.values().stream().mapToLong(b -> b.length).sum();
        assertThat(result.damaged()).isEmpty();
        assertThat(result.partial()).isFalse();
        assertThat(result.files()).isEqualTo(61);
        assertThat(result.directories()).isEqualTo(3);
        assertThat(result.bytes()).isEqualTo(bytes);
        assertThat(progress.totalsKnown()).isTrue();
        assertThat(progress.totalFiles()).isEqualTo(61);
        assertThat(progress.totalBytes()).isEqualTo(bytes);
        assertThat(progress.files()).isEqualTo(61);
        assertThat(progress.bytes()).isEqualTo(bytes);
    }

    @Test
    void writesABlobToEveryFileAndPositionThatNeedsIt() throws IOException {
        byte[] a = SnapshotFixture.random(30_000, 1);
        byte[] b = SnapshotFixture.random(700_000, 2); // larger than a write slice
        String idA = fixture.blob(a);
        String idB = fixture.blob(b);
        Snapshot snapshot = fixture.snapshot(fixture.file("repeats", 0644, List.of(idA, idA, idB, idA), 790_000),
                fixture.file("once", 0644, List.of(idA), 30_000));
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();

        restore(snapshot);
        new Restorer(fixture.repo, RestoreOptions.defaults().withThreads(1)).restoreFile(snapshot, "/repeats", streamed);

        assertThat(Files.readAllBytes(target.resolve("repeats"))).isEqualTo(concat(a, a, b, a));
        assertThat(Files.readAllBytes(target.resolve("once"))).isEqualTo(a);
        assertThat(streamed.toByteArray()).isEqualTo(concat(a, a, b, a));
    }

    @Test
    void restoresModesIncludingSetuidSetgidAndSticky() throws IOException {
        byte[] data = "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII);
        restore(fixture.snapshot(
                fixture.file("setuid", 04755, fixture.chunked(data), data.length),
                fixture.file("setgid", 02711, fixture.chunked(data), data.length),
                fixture.file("secret", 0600, fixture.chunked(data), data.length),
                fixture.file("readonly", 0444, fixture.chunked(data), data.length),
                fixture.dir("tmp", 01777),
                fixture.dir("locked", 0500, fixture.file("inside", data))));

        assertThat(mode("setuid")).isEqualTo(04755);
        assertThat(mode("setgid")).isEqualTo(02711);
        assertThat(mode("secret")).isEqualTo(0600);
        assertThat(mode("readonly")).isEqualTo(0444);
        assertThat(mode("tmp")).isEqualTo(01777);
        assertThat(mode("locked")).isEqualTo(0500);
        assertThat(Files.readAllBytes(target.resolve("locked/inside"))).isEqualTo(data);
    }

    @Test
    void restoresTimesOfFilesAndOfDirectoriesAfterTheirContents() throws IOException {
        restore(fixture.snapshot(fixture.dir("d", fixture.file("f", new byte[] {1, 2, 3}), fixture.dir("empty"))));

        for (String path : List.of("d", "d/f", "d/empty")) {
            assertThat(Files.getLastModifiedTime(target.resolve(path), NOFOLLOW).toInstant()).as(path)
                    .isEqualTo(SnapshotFixture.MTIME);
        }
        assertThat(((FileTime) Files.getAttribute(target.resolve("d/f"), "lastAccessTime")).toInstant())
                .isEqualTo(SnapshotFixture.ATIME);
        assertThat(Files.isDirectory(target.resolve("d/empty"))).isTrue();
        try (var entries = Files.list(target.resolve("d/empty"))) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void restoresSymlinksAsLinksWithTheirTimes() throws IOException {
        restore(fixture.snapshot(SnapshotFixture.symlink("link", "../somewhere/else"),
                SnapshotFixture.symlink("abs", "/nonexistent/arca-test")));

        assertThat(Files.isSymbolicLink(target.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("link"))).hasToString("../somewhere/else");
        assertThat(Files.readSymbolicLink(target.resolve("abs"))).hasToString("/nonexistent/arca-test");
        assertThat(Files.getLastModifiedTime(target.resolve("link"), NOFOLLOW).toInstant()).isEqualTo(SnapshotFixture.MTIME);
    }

    @Test
    void restoresHardLinkedNamesAsOneFile() throws IOException {
        byte[] data = SnapshotFixture.random(50_000, 5);
        List<String> content = fixture.chunked(data);

        RestoreResult result = restore(fixture.snapshot(fixture.hardLinked("a", 77, content, data.length),
                fixture.dir("sub", fixture.hardLinked("b", 77, content, data.length))));

        assertThat(Files.isSameFile(target.resolve("a"), target.resolve("sub/b"))).isTrue();
        assertThat(Files.getAttribute(target.resolve("a"), "unix:nlink")).isEqualTo(2);
        assertThat(Files.readAllBytes(target.resolve("sub/b"))).isEqualTo(data);
        assertThat(result.files()).isEqualTo(2);
    }

    @Test
    void keepsNamesApartWhenTheirInodeMatchesButContentDiffers() throws IOException {
        byte[] one = SnapshotFixture.random(1000, 1);
        byte[] two = SnapshotFixture.random(1000, 2);

        restore(fixture.snapshot(fixture.hardLinked("a", 9, fixture.chunked(one), 1000),
                fixture.hardLinked("b", 9, fixture.chunked(two), 1000)));

        assertThat(Files.readAllBytes(target.resolve("a"))).isEqualTo(one);
        assertThat(Files.readAllBytes(target.resolve("b"))).isEqualTo(two);
        assertThat(Files.isSameFile(target.resolve("a"), target.resolve("b"))).isFalse();
    }

    @Test
    void restoresOnlyIncludedSubtrees() throws IOException {
        Snapshot snapshot = fixture.snapshot(fixture.dir("srv", fixture.dir("data",
                fixture.dir("config", fixture.file("app.yml", new byte[] {1})),
                fixture.dir("logs", fixture.file("app.log", new byte[] {2})),
                fixture.file("README", new byte[] {3}))));

        RestoreResult result = restore(snapshot, RestoreOptions.defaults().withInclude(List.of("/srv/data/config/", "srv/data/README")));

        assertThat(target.resolve("srv/data/config/app.yml")).hasBinaryContent(new byte[] {1});
        assertThat(target.resolve("srv/data/README")).hasBinaryContent(new byte[] {3});
        assertThat(target.resolve("srv/data/logs")).doesNotExist();
        assertThat(result.files()).isEqualTo(2);
    }

    @Test
    void refusesAnIncludeThatNamesNothing() throws IOException {
        Snapshot snapshot = fixture.snapshot(fixture.dir("srv", fixture.file("a", new byte[] {1})));

        assertThatThrownBy(() -> restore(snapshot, RestoreOptions.defaults().withInclude(List.of("/srv/typo"))))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("/srv/typo").hasMessageContaining(snapshot.shortId());
        assertThat(target.resolve("srv")).doesNotExist();
    }

    @Test
    void streamsASingleFile() throws IOException {
        byte[] data = SnapshotFixture.random(3 << 20, 8);
        Snapshot snapshot = fixture.snapshot(fixture.dir("srv", fixture.file("dump.sql", data)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = new Restorer(fixture.repo, RestoreOptions.defaults()).restoreFile(snapshot, "/srv/dump.sql", out);

        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(written).isEqualTo(data.length);
    }

    @Test
    void refusesToStreamWhatIsNotAFile() throws IOException {
        Snapshot snapshot = fixture.snapshot(fixture.dir("srv", fixture.file("a", new byte[] {1})));
        Restorer restorer = new Restorer(fixture.repo, RestoreOptions.defaults());

        assertThatThrownBy(() -> restorer.restoreFile(snapshot, "/srv", new ByteArrayOutputStream()))
                .hasMessageContaining("/srv").hasMessageContaining("is a dir");
        assertThatThrownBy(() -> restorer.restoreFile(snapshot, "/srv/b", new ByteArrayOutputStream()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("/srv/b");
        assertThatThrownBy(() -> restorer.restoreFile(snapshot, "/srv/a/x", new ByteArrayOutputStream()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("/srv/a is not a directory");
    }

    @Test
    void streamingStopsAtADamagedBlob() throws IOException {
        byte[] data = SnapshotFixture.random(200_000, 3);
        Node file = fixture.file("f", data);
        Snapshot snapshot = fixture.snapshot(file);
        fixture.corrupt(file.content().get(1));

        assertThatThrownBy(() -> new Restorer(fixture.repo, RestoreOptions.defaults())
                .restoreFile(snapshot, "/f", new ByteArrayOutputStream()))
                .isInstanceOf(CorruptObjectException.class).hasMessageContaining(file.content().get(1));
    }

    @Test
    void reportsFilesWithADamagedBlobAndRestoresTheRest() throws IOException {
        byte[] shared = SnapshotFixture.random(40_000, 1);
        String sharedId = fixture.blob(shared);
        byte[] good = SnapshotFixture.random(300_000, 2);
        Node goodNode = fixture.file("good", good);
        byte[] other = SnapshotFixture.random(10_000, 4);
        String otherId = fixture.blob(other);
        Snapshot snapshot = fixture.snapshot(fixture.dir("d",
                fixture.file("bad1", 0644, List.of(otherId, sharedId), 50_000),
                fixture.file("bad2", 0644, List.of(sharedId), 40_000),
                goodNode,
                fixture.file("fine", 0644, List.of(otherId), 10_000)));
        fixture.corrupt(sharedId);

        RestoreResult result = restore(snapshot);

        assertThat(result.partial()).isTrue();
        assertThat(result.damaged()).extracting(RestoreResult.Damaged::path).containsExactly("/d/bad1", "/d/bad2");
        assertThat(result.damaged().get(0).reason()).contains(sharedId).contains("does not decrypt");
        assertThat(target.resolve("d/bad1")).doesNotExist();
        assertThat(target.resolve("d/bad2")).doesNotExist();
        assertThat(target.resolve("d/good")).hasBinaryContent(good);
        assertThat(target.resolve("d/fine")).hasBinaryContent(other);
        assertThat(result.files()).isEqualTo(2);
    }

    @Test
    void reportsFilesWhosePackIsMissing() throws IOException {
        byte[] lost = SnapshotFixture.random(10_000, 1);
        String lostId = fixture.blob(lost);
        fixture.repo.flush(); // alone in its pack
        byte[] kept = SnapshotFixture.random(10_000, 2);
        Snapshot snapshot = fixture.snapshot(fixture.file("lost", 0644, List.of(lostId), 10_000), fixture.file("kept", kept),
                fixture.hardLinked("alias1", 3, List.of(lostId), 10_000), fixture.hardLinked("alias2", 3, List.of(lostId), 10_000));
        fixture.losePackOf(lostId);

        RestoreResult result = restore(snapshot);

        assertThat(result.damaged()).extracting(RestoreResult.Damaged::path).containsExactly("/alias1", "/alias2", "/lost");
        assertThat(result.damaged().get(2).reason()).contains("could not be read");
        assertThat(result.damaged().get(1).reason()).contains("hard link to /alias1");
        assertThat(target.resolve("kept")).hasBinaryContent(kept);
    }

    @Test
    void reportsABlobMissingFromTheIndex() throws IOException {
        String unknown = "ab".repeat(32);
        Snapshot snapshot = fixture.snapshot(fixture.file("f", 0644, List.of(unknown), 10));

        RestoreResult result = restore(snapshot);

        assertThat(result.damaged()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/f");
            assertThat(d.reason()).contains(unknown).contains("not in any index");
        });
        assertThat(target.resolve("f")).doesNotExist();
    }

    /** Large blobs at unaligned offsets, beside small ones and a hole, and shared by two files at different offsets. */
    @Test
    void restoresLargeBlobsAtUnalignedOffsetsByteForByte() throws IOException {
        int[] sizes = {300_001, 777_777, (256 << 10) + 17, (1 << 20) + 3, 5_000, (2 << 20) + 1, 4096, 1_500_000};
        List<byte[]> pieces = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            pieces.add(SnapshotFixture.random(sizes[i], 40 + i));
            ids.add(fixture.blob(pieces.get(i)));
        }
        byte[] zeros = new byte[700_001];
        String zeroId = fixture.blob(zeros);
        List<String> first = new ArrayList<>(ids.subList(0, 4));
        first.add(zeroId);
        first.addAll(ids.subList(4, ids.size()));
        List<String> second = new ArrayList<>(ids);
        Collections.reverse(second);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            a.writeBytes(pieces.get(i));
        }
        a.writeBytes(zeros);
        for (int i = 4; i < pieces.size(); i++) {
            a.writeBytes(pieces.get(i));
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = pieces.size() - 1; i >= 0; i--) {
            b.writeBytes(pieces.get(i));
        }

        RestoreResult result = restore(fixture.snapshot(fixture.dir("d", fixture.file("a", 0644, first, a.size()),
                fixture.file("b", 0644, second, b.size()))));

        assertThat(result.damaged()).isEmpty();
        assertThat(Files.readAllBytes(target.resolve("d/a"))).isEqualTo(a.toByteArray());
        assertThat(Files.readAllBytes(target.resolve("d/b"))).isEqualTo(b.toByteArray());
    }

    @Test
    void leavesZeroBlobsAsHoles() throws IOException, InterruptedException {
        byte[] head = SnapshotFixture.random(64 << 10, 1);
        byte[] zeros = new byte[1 << 20];
        String zeroId = fixture.blob(zeros);
        List<String> content = new ArrayList<>();
        content.add(fixture.blob(head));
        content.addAll(Collections.nCopies(16, zeroId));
        content.add(fixture.blob(SnapshotFixture.random(4096, 2)));
        content.addAll(Collections.nCopies(8, zeroId));
        long size = head.length + 24L * zeros.length + 4096;

        restore(fixture.snapshot(fixture.file("sparse", 0644, content, size)));

        Path sparse = target.resolve("sparse");
        assertThat(Files.size(sparse)).isEqualTo(size);
        byte[] restored = Files.readAllBytes(sparse);
        assertThat(Arrays.copyOf(restored, head.length)).isEqualTo(head);
        assertThat(Arrays.copyOfRange(restored, head.length, head.length + 16 * zeros.length)).containsOnly(0);
        assertThat(allocatedBytes(sparse)).isLessThan(size / 4);
    }

    @Test
    void leavesZeroBlocksInsideBlobsAsHolesAlignedInTheFile() throws IOException, InterruptedException {
        // As the chunker cuts a sparse file: data, then zeros up to the chunk's end, in one blob.
        byte[] blob = new byte[4 << 20];
        System.arraycopy(SnapshotFixture.random(10_000, 3), 0, blob, 0, 10_000);
        System.arraycopy(SnapshotFixture.random(5_000, 4), 0, blob, (3 << 20) + 123, 5_000);
        String sparseId = fixture.blob(blob);
        byte[] head = SnapshotFixture.random(1000, 5);
        List<String> shifted = List.of(fixture.blob(head), sparseId);

        restore(fixture.snapshot(fixture.file("aligned", 0644, List.of(sparseId), blob.length),
                fixture.file("shifted", 0644, shifted, head.length + blob.length)));

        Path aligned = target.resolve("aligned");
        assertThat(Files.readAllBytes(aligned)).isEqualTo(blob);
        // One 64 KiB block for each run of data, where the blob alone took 4 MiB.
        assertThat(allocatedBytes(aligned)).isLessThanOrEqualTo(192 << 10);
        Path at1000 = target.resolve("shifted");
        byte[] expected = Arrays.copyOf(head, head.length + blob.length);
        System.arraycopy(blob, 0, expected, head.length, blob.length);
        assertThat(Files.readAllBytes(at1000)).isEqualTo(expected);
        assertThat(allocatedBytes(at1000)).isLessThanOrEqualTo(192 << 10);
    }

    @Test
    void restoresAFileOfNothingButHolesAtItsFullLength() throws IOException, InterruptedException {
        String zeroId = fixture.blob(new byte[1 << 20]);
        long size = 3L << 20;

        restore(fixture.snapshot(fixture.file("holes", 0644, Collections.nCopies(3, zeroId), size)));

        Path holes = target.resolve("holes");
        assertThat(Files.size(holes)).isEqualTo(size);
        assertThat(Files.readAllBytes(holes)).containsOnly(0);
        assertThat(allocatedBytes(holes)).isLessThan(size / 4);
    }

    /** More files than the restore keeps open between creating and finishing them, so some are opened per write. */
    @Test
    void restoresManyMoreFilesThanItKeepsOpen() throws IOException {
        List<Node> files = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            files.add(fixture.file(String.format("f%03d", i), SnapshotFixture.random(100 + i, i)));
        }

        RestoreResult result = restore(fixture.snapshot(fixture.dir("many", files.toArray(Node[]::new))));

        assertThat(result.files()).isEqualTo(600);
        for (int i = 0; i < 600; i++) {
            assertThat(target.resolve(String.format("many/f%03d", i))).hasBinaryContent(SnapshotFixture.random(100 + i, i));
        }
    }

    @Test
    void restoresOwnersWhenRunningAsRoot() throws IOException {
        Assumptions.assumeTrue(NodeAttributes.runningAsRoot(), "only root may give files away");
        Node file = fixture.file("owned", new byte[] {1});
        Node owned = new Node(file.name(), file.type(), 04750, 4321, 5432, "someone", "some", file.mtime(), file.atime(),
                file.ctime(), file.inode(), file.device(), 1, file.size(), file.content(), null, null);

        restore(fixture.snapshot(owned));

        Path path = target.resolve("owned");
        assertThat(Files.getAttribute(path, "unix:uid")).isEqualTo(4321);
        assertThat(Files.getAttribute(path, "unix:gid")).isEqualTo(5432);
        assertThat(mode("owned")).as("setuid survives the change of owner").isEqualTo(04750);
    }

    @Test
    void replacesWhatIsInTheWayWithoutWritingThroughLinks() throws IOException {
        Path outside = Files.createDirectory(target.resolve("outside"));
        Path restoreTo = Files.createDirectory(target.resolve("restore"));
        Files.createSymbolicLink(restoreTo.resolve("d"), outside);
        Files.write(Files.createDirectory(restoreTo.resolve("f")).resolve("x"), new byte[0]);
        Files.delete(restoreTo.resolve("f/x"));
        Files.writeString(restoreTo.resolve("keep"), "not in the snapshot");
        byte[] data = SnapshotFixture.random(5000, 1);
        Snapshot snapshot = fixture.snapshot(fixture.dir("d", fixture.file("inner", data)), fixture.file("f", data));

        new Restorer(fixture.repo, RestoreOptions.defaults()).restore(snapshot, restoreTo);
        RestoreResult again = new Restorer(fixture.repo, RestoreOptions.defaults()).restore(snapshot, restoreTo);

        assertThat(again.damaged()).isEmpty();
        assertThat(Files.isSymbolicLink(restoreTo.resolve("d"))).isFalse();
        assertThat(restoreTo.resolve("d/inner")).hasBinaryContent(data);
        assertThat(restoreTo.resolve("f")).hasBinaryContent(data);
        assertThat(restoreTo.resolve("keep")).hasContent("not in the snapshot");
        try (var entries = Files.list(outside)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void failsNamingATargetThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(target.resolve("plain-file"), "x");
        Snapshot snapshot = fixture.snapshot(fixture.file("f", new byte[] {1}));

        assertThatThrownBy(() -> new Restorer(fixture.repo, RestoreOptions.defaults()).restore(snapshot, file.resolve("sub")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create restore target " + file.resolve("sub"));
    }

    @Test
    void failsNamingAnEntryThatCannotBeReplaced() throws IOException {
        Files.writeString(Files.createDirectories(target.resolve("f")).resolve("precious"), "x");
        Snapshot snapshot = fixture.snapshot(fixture.file("f", new byte[] {1}));

        assertThatThrownBy(() -> restore(snapshot))
                .hasMessageContaining(target.resolve("f").toString()).hasMessageContaining("non-empty directory");
        assertThat(target.resolve("f/precious")).hasContent("x");
    }

    @Test
    void restoresFifosAndSkipsSocketsAndDevicesOfUnknownNumberWithAWarning() throws IOException {
        RestoreResult result = restore(fixture.snapshot(SnapshotFixture.special("pipe", Node.Type.FIFO),
                SnapshotFixture.special("sda", Node.Type.DEVICE), SnapshotFixture.special("sock", Node.Type.SOCKET)));

        assertThat(Files.getAttribute(target.resolve("pipe"), "unix:mode", NOFOLLOW))
                .satisfies(m -> assertThat((Integer) m & 0170000).isEqualTo(0010000));
        assertThat(mode("pipe")).isEqualTo(0640);
        assertThat(target.resolve("sda")).doesNotExist();
        assertThat(result.warnings()).containsExactly(
                "/sda: device node not restored: the snapshot does not record which device it stands for (it was "
                        + "taken by an Arca older than that record)",
                "/sock: socket not restored: a socket is made by the program that listens on it");
        assertThat(result.partial()).isFalse();
    }

    @Test
    void restoresDeviceNodesWithTheirNumbersModesAndTimesWithoutOpeningThem() throws Exception {
        Assumptions.assumeTrue(NodeAttributes.runningAsRoot(), "only root can make device nodes");
        // A block device of a number no disk has here, and the null device.
        Node block = device("nodisk", Node.Type.DEVICE, (259L << 8) | 250);
        Node chr = device("null", Node.Type.CHARDEV, (1L << 8) | 3);

        RestoreResult result = restore(fixture.snapshot(block, chr));

        assertThat(result.warnings()).isEmpty();
        assertThat(stat(target.resolve("nodisk"), "%F %t:%T %a")).isEqualTo("block special file 103:fa 640");
        assertThat(stat(target.resolve("null"), "%F %t:%T %a")).isEqualTo("character special file 1:3 640");
        for (String name : List.of("nodisk", "null")) {
            assertThat(Files.getLastModifiedTime(target.resolve(name), NOFOLLOW).toInstant()).isEqualTo(SnapshotFixture.MTIME);
            assertThat(((FileTime) Files.getAttribute(target.resolve(name), "lastAccessTime", NOFOLLOW)).toInstant())
                    .isEqualTo(SnapshotFixture.ATIME);
        }
    }

    private static Node device(String name, Node.Type type, long rdev) {
        Node n = SnapshotFixture.special(name, type);
        return new Node(n.name(), n.type(), n.mode(), n.uid(), n.gid(), n.user(), n.group(), n.mtime(), n.atime(), n.ctime(),
                n.inode(), n.device(), n.links(), 0, null, null, null, null, null, null, rdev, null);
    }

    private static String stat(Path path, String format) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "--format=" + format, path.toString()).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(stat.waitFor()).isZero();
        return out;
    }

    @Test
    void restoresExtendedAttributesAndNamesEachOneTheTargetRefuses() throws IOException {
        byte[] data = "x".getBytes(StandardCharsets.US_ASCII);
        Node file = fixture.file("f", 0640, fixture.chunked(data), data.length).withXattrs(List.of(
                new Node.Xattr("nonamespace.x", "AQ=="), new Node.Xattr("user.a", "AAH/"), new Node.Xattr("user.empty", "")));
        Node dir = fixture.dir("d").withXattrs(List.of(new Node.Xattr("user.d", "ZGly")));

        RestoreResult result = restore(fixture.snapshot(file, dir));

        assertThat(ExtendedAttributes.read(target.resolve("f")))
                .containsExactly(new Node.Xattr("user.a", "AAH/"), new Node.Xattr("user.empty", ""));
        assertThat(ExtendedAttributes.read(target.resolve("d"))).containsExactly(new Node.Xattr("user.d", "ZGly"));
        assertThat(mode("f")).isEqualTo(0640);
        assertThat(result.warnings()).containsExactly("/f: extended attribute 'nonamespace.x' not restored: not supported "
                + "by this file system; HINT: restore to a file system that keeps extended attributes, such as ext4 or XFS");
        assertThat(result.partial()).isFalse();
    }

    @Test
    void restoresNamesAndTargetsThatAreNotValidUtf8AsTheirBytes() throws IOException {
        byte[] ff = {'a', (byte) 0xff};
        byte[] fe = {'a', (byte) 0xfe};
        byte[] where = {'t', (byte) 0xe9, '/', 'x', '/'};
        Node link = SnapshotFixture.symlink("link", "x");
        link = new Node(link.name(), link.type(), link.mode(), 0, 0, null, null, link.mtime(), link.atime(), link.ctime(),
                0, 0, 1, 0, null, null, RawText.text(where), null, RawText.raw(where));
        Snapshot snapshot = fixture.snapshot(fixture.dir("d",
                fixture.file("ff", new byte[] {1}).withName(RawText.text(ff), RawText.raw(ff)),
                fixture.file("fe", new byte[] {2}).withName(RawText.text(fe), RawText.raw(fe)),
                fixture.dir("sub", fixture.file("inner", new byte[] {3})).withName(RawText.text(fe) + "d",
                        RawText.raw(new byte[] {'a', (byte) 0xfe, 'd'})),
                link));

        RestoreResult result = restore(snapshot);

        assertThat(result.damaged()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        Path d = target.resolve("d");
        assertThat(d.resolve(NameBytes.path(ff).orElseThrow())).hasBinaryContent(new byte[] {1});
        assertThat(d.resolve(NameBytes.path(fe).orElseThrow())).hasBinaryContent(new byte[] {2});
        assertThat(d.resolve(NameBytes.path(new byte[] {'a', (byte) 0xfe, 'd'}).orElseThrow()).resolve("inner"))
                .hasBinaryContent(new byte[] {3});
        assertThat(NameBytes.of(Files.readSymbolicLink(d.resolve("link")))).contains(where);
        try (var entries = Files.list(d)) {
            assertThat(entries.map(p -> NameBytes.of(p.getFileName()).orElseThrow()).map(b -> RawText.raw(b)))
                    .containsExactlyInAnyOrder(RawText.raw(ff), RawText.raw(fe), RawText.raw(new byte[] {'a', (byte) 0xfe, 'd'}),
                            null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Restorer(fixture.repo, RestoreOptions.defaults()).restoreFile(snapshot, "/d/a\\xfe", out);
        assertThat(out.toByteArray()).containsExactly(2);
    }

    @Test
    void skipsStoredBytesThatWouldLeaveTheTarget() throws IOException {
        // The text is harmless; the bytes, which are what a restore creates, are not.
        Node slash = fixture.file("x", new byte[] {1}).withName("a\uFFFDb", RawText.raw(new byte[] {'a', '/', (byte) 0xff}));
        Node nul = fixture.file("y", new byte[] {2}).withName("c\uFFFD", RawText.raw(new byte[] {'c', 0, (byte) 0xff}));
        Node link = new Node("l", Node.Type.SYMLINK, 0777, 0, 0, null, null, SnapshotFixture.MTIME, SnapshotFixture.MTIME,
                SnapshotFixture.MTIME, 0, 0, 1, 0, null, null, "t\uFFFD", null, RawText.raw(new byte[] {'t', 0, (byte) 0xff}));
        Snapshot snapshot = fixture.snapshot(fixture.dir("d", slash, nul, link, fixture.file("ok", new byte[] {3})));

        RestoreResult result = restore(snapshot);

        assertThat(result.damaged()).extracting(RestoreResult.Damaged::path)
                .containsExactlyInAnyOrder("/d/a/\\xff", "/d/c\u0000\\xff", "/d/l");
        assertThat(target.resolve("d/ok")).hasBinaryContent(new byte[] {3});
        try (var entries = Files.list(target.resolve("d"))) {
            assertThat(entries).containsExactly(target.resolve("d/ok"));
        }
    }

    @Test
    void skipsNamesThatWouldLeaveTheTarget() throws IOException {
        Node evil = fixture.file("..", new byte[] {1});
        Node slash = fixture.file("a/b", new byte[] {2});
        Snapshot snapshot = fixture.snapshot(fixture.dir("d", evil, slash, fixture.file("ok", new byte[] {3})));
        Path inner = Files.createDirectory(target.resolve("inner"));

        RestoreResult result = new Restorer(fixture.repo, RestoreOptions.defaults()).restore(snapshot, inner);

        assertThat(result.damaged()).extracting(RestoreResult.Damaged::path).containsExactly("/d/..", "/d/a/b");
        assertThat(inner.resolve("d/ok")).hasBinaryContent(new byte[] {3});
        try (var entries = Files.list(target)) {
            assertThat(entries).containsExactly(inner);
        }
    }

    @Test
    void reportsADirectoryWhoseListingIsDamagedAndRestoresItsSiblings() throws IOException {
        Node lost = fixture.dir("lost", fixture.file("a", new byte[] {1}));
        Snapshot snapshot = fixture.snapshot(lost, fixture.dir("kept", fixture.file("b", new byte[] {2})));
        fixture.corrupt(lost.subtree());

        RestoreResult result = restore(snapshot);

        assertThat(result.damaged()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/lost");
            assertThat(d.reason()).contains("listing could not be read");
        });
        assertThat(target.resolve("kept/b")).hasBinaryContent(new byte[] {2});
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private int mode(String path) throws IOException {
        return (Integer) Files.getAttribute(target.resolve(path), "unix:mode", NOFOLLOW) & 07777;
    }

    private static long allocatedBytes(Path path) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "--format=%b %B", path.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
