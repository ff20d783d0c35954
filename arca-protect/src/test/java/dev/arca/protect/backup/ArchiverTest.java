package dev.arca.protect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.protect.names.NameBytes;
import dev.arca.protect.xattrs.ExtendedAttributes;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.RawText;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.memory.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverTest {
    static final char[] PASSWORD = "correct horse".toCharArray();

    @TempDir
    Path data;

    private MemoryStorage storage;
    private Repository repo;

    static Repository.InitOptions fastInit() {
        Repository.InitOptions d = Repository.InitOptions.defaults("host", "tester");
        return new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), d.compressionLevel(), d.packSize(), d.chunks(),
                d.host(), d.user());
    }

    @BeforeEach
    void init() throws IOException {
        storage = new MemoryStorage();
        repo = Repository.init(storage, PASSWORD, fastInit(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private BackupOptions options(Optional<Snapshot> parent, String... excludes) {
        return new BackupOptions(List.of(data), List.of(excludes), List.of("t1"), parent, "files", "host", "tester",
                Duration.ZERO);
    }

    private BackupResult backup(Optional<Snapshot> parent, BackupProgress progress, String... excludes) throws IOException {
        try (Repository r = reopen(); Archiver a = new Archiver(r)) {
            return a.backup(options(parent, excludes), progress);
        }
    }

    private Repository reopen() throws IOException {
        try {
            return Repository.open(storage, PASSWORD, Clock.systemUTC());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private void writeTree() throws IOException {
        Random random = new Random(7);
        byte[] big = new byte[5 << 20];
        random.nextBytes(big);
        Files.write(data.resolve("big.bin"), big);
        Files.writeString(data.resolve("notes.txt"), "hello\n".repeat(1000));
        Files.createDirectories(data.resolve("sub/deeper"));
        Files.writeString(data.resolve("sub/deeper/a.txt"), "a");
        Files.write(data.resolve("sub/empty"), new byte[0]);
        Files.createDirectories(data.resolve("emptydir"));
        Files.createSymbolicLink(data.resolve("link"), Path.of("notes.txt"));
        Files.writeString(data.resolve("skip.tmp"), "temporary");
        Files.setPosixFilePermissions(data.resolve("notes.txt"), PosixFilePermissions.fromString("rw-r-----"));
    }

    /** Walks down the snapshot's mirrored absolute path to the backed-up directory. */
    private Tree dataTree(Repository r, Snapshot s) throws IOException {
        Tree t = Tree.decode(s.tree(), r.loadBlob(BlobId.parse(s.tree())));
        for (Path part : data) {
            t = child(r, t, part.toString());
        }
        return t;
    }

    /** The tree of the directory {@code name} in {@code t}. */
    private static Tree child(Repository r, Tree t, String name) throws IOException {
        String id = t.find(name).orElseThrow().subtree();
        return Tree.decode(id, r.loadBlob(BlobId.parse(id)));
    }

    private static byte[] content(Repository r, Node n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String id : n.content()) {
            out.write(r.loadBlob(BlobId.parse(id)));
        }
        return out.toByteArray();
    }

    @Test
    void backsUpFilesDirectoriesSymlinksAndMetadata() throws IOException {
        writeTree();
        BackupProgress progress = new BackupProgress();
        BackupResult result = backup(Optional.empty(), progress, "*.tmp");
        assertThat(result.warnings()).isEmpty();
        Snapshot s = result.snapshot();
        assertThat(s.paths()).containsExactly(data.toString());
        assertThat(s.tags()).containsExactly("t1");
        assertThat(s.summary().files()).isEqualTo(4);
        try (Repository r = reopen()) {
            Tree t = dataTree(r, r.snapshots().find("latest", null));
            assertThat(t.nodes()).extracting(Node::name).containsExactly("big.bin", "emptydir", "link", "notes.txt", "sub");
            assertThat(content(r, t.find("big.bin").orElseThrow())).isEqualTo(Files.readAllBytes(data.resolve("big.bin")));
            Node notes = t.find("notes.txt").orElseThrow();
            assertThat(content(r, notes)).isEqualTo(Files.readAllBytes(data.resolve("notes.txt")));
            assertThat(notes.mode()).isEqualTo(0640);
            assertThat(notes.mtime()).isEqualTo(Files.getLastModifiedTime(data.resolve("notes.txt")).toInstant());
            assertThat(t.find("link").orElseThrow().linkTarget()).isEqualTo("notes.txt");
            assertThat(t.find("emptydir").orElseThrow().type()).isEqualTo(Node.Type.DIR);
        }
    }

    @Test
    void anExcludeEndingInASlashSkipsDirectoriesOnly() throws IOException {
        writeTree();
        Files.createDirectories(data.resolve("cache"));
        Files.writeString(data.resolve("cache/x"), "x");
        Files.writeString(data.resolve("sub/cache"), "a file, not a directory");
        Snapshot s = backup(Optional.empty(), new BackupProgress(), "cache/").snapshot();
        try (Repository r = reopen()) {
            Tree t = dataTree(r, s);
            assertThat(t.find("cache")).isEmpty();
            Tree sub = Tree.decode(t.find("sub").orElseThrow().subtree(),
                    r.loadBlob(BlobId.parse(t.find("sub").orElseThrow().subtree())));
            assertThat(sub.nodes()).extracting(Node::name).containsExactly("cache", "deeper", "empty");
        }
    }

    private BackupOptions optionsWith(boolean oneFileSystem, boolean excludeCaches) {
        return new BackupOptions(List.of(data), List.of(), List.of(), Optional.empty(), "files", "host", "tester",
                Duration.ZERO, oneFileSystem, excludeCaches, false);
    }

    private Snapshot backupWith(boolean oneFileSystem, boolean excludeCaches) throws IOException {
        try (Repository r = reopen(); Archiver a = new Archiver(r)) {
            return a.backup(optionsWith(oneFileSystem, excludeCaches), new BackupProgress()).snapshot();
        }
    }

    /** The files the progress line's totals count (the ETA's basis) under these options. */
    private long totalFiles(boolean oneFileSystem, boolean excludeCaches) {
        BackupProgress progress = new BackupProgress();
        Totals.scan(optionsWith(oneFileSystem, excludeCaches), progress);
        return progress.totalFiles();
    }

    private static Tree subtree(Repository r, Tree t, String name) throws IOException {
        Node n = t.find(name).orElseThrow();
        return Tree.decode(n.subtree(), r.loadBlob(BlobId.parse(n.subtree())));
    }

    @Test
    void excludeCachesKeepsATaggedDirectoryAndItsTagOnly() throws IOException {
        Files.createDirectories(data.resolve("build/objects"));
        Files.writeString(data.resolve("build/CACHEDIR.TAG"),
                "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag.\n");
        Files.writeString(data.resolve("build/objects/a.o"), "object code");
        Files.writeString(data.resolve("build/index"), "index");
        // A tag without the signature marks nothing.
        Files.createDirectories(data.resolve("notes"));
        Files.writeString(data.resolve("notes/CACHEDIR.TAG"), "Signature: not the one\n");
        Files.writeString(data.resolve("notes/todo.txt"), "keep me");

        Snapshot s = backupWith(false, true);
        try (Repository r = reopen()) {
            Tree t = dataTree(r, s);
            Tree build = subtree(r, t, "build");
            assertThat(build.nodes()).extracting(Node::name).containsExactly("CACHEDIR.TAG");
            assertThat(content(r, build.nodes().get(0))).isEqualTo(Files.readAllBytes(data.resolve("build/CACHEDIR.TAG")));
            assertThat(subtree(r, t, "notes").nodes()).extracting(Node::name).containsExactly("CACHEDIR.TAG", "todo.txt");
        }
        Snapshot all = backupWith(false, false);
        try (Repository r = reopen()) {
            assertThat(subtree(r, dataTree(r, all), "build").nodes()).extracting(Node::name)
                    .containsExactly("CACHEDIR.TAG", "index", "objects");
        }
        assertThat(totalFiles(false, true)).isEqualTo(s.summary().files()).isEqualTo(3);
        assertThat(totalFiles(false, false)).isEqualTo(5);
    }

    /** Mounts a tmpfs inside the source, which needs root; skipped otherwise. */
    @Test
    void oneFileSystemKeepsAMountPointEmpty() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a tmpfs needs root");
        Path mount = Files.createDirectories(data.resolve("mnt"));
        Files.writeString(data.resolve("local.txt"), "on the source's file system");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "arca-test", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mount refused here: " + out);
        try {
            Files.createDirectories(mount.resolve("inner"));
            Files.writeString(mount.resolve("inner/other.txt"), "on another file system");

            Snapshot stayed = backupWith(true, false);
            Snapshot crossed = backupWith(false, false);
            try (Repository r = reopen()) {
                Tree t = dataTree(r, stayed);
                assertThat(t.nodes()).extracting(Node::name).containsExactly("local.txt", "mnt");
                assertThat(t.find("mnt").orElseThrow().type()).isEqualTo(Node.Type.DIR);
                assertThat(subtree(r, t, "mnt").nodes()).isEmpty();
                assertThat(subtree(r, dataTree(r, crossed), "mnt").nodes()).extracting(Node::name).containsExactly("inner");
            }
            assertThat(totalFiles(true, false)).isEqualTo(1);
            assertThat(totalFiles(false, false)).isEqualTo(2);
            // A path given to back up is backed up whatever file system it is on.
            try (Repository r = reopen(); Archiver a = new Archiver(r)) {
                Snapshot mounted = a.backup(new BackupOptions(List.of(mount), List.of(), List.of(), Optional.empty(),
                        "files", "host", "tester", Duration.ZERO, true, false, false), new BackupProgress()).snapshot();
                assertThat(mounted.summary().files()).isEqualTo(1);
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    @Test
    void anUnwatchedBackupDoesNotWalkItsSourceASecondTimeForTotals() throws IOException {
        writeTree();
        BackupProgress unwatched = new BackupProgress();
        backup(Optional.empty(), unwatched);
        assertThat(unwatched.files()).isEqualTo(5);
        assertThat(unwatched.totalFiles()).isZero();
    }

    @Test
    void unchangedFilesAreNotReadAgainAndDataIsDeduplicated() throws IOException {
        writeTree();
        Snapshot first = backup(Optional.empty(), new BackupProgress()).snapshot();
        Files.writeString(data.resolve("notes.txt"), "changed\n");
        BackupProgress progress = new BackupProgress();
        Snapshot second = backup(Optional.of(first), progress).snapshot();
        assertThat(second.parent()).isEqualTo(first.id());
        assertThat(progress.unchangedFiles.get()).isEqualTo(4);
        assertThat(second.summary().addedBytes()).isLessThan(100);
        try (Repository r = reopen()) {
            Tree t = dataTree(r, second);
            assertThat(content(r, t.find("notes.txt").orElseThrow())).isEqualTo("changed\n".getBytes());
            assertThat(content(r, t.find("big.bin").orElseThrow())).isEqualTo(Files.readAllBytes(data.resolve("big.bin")));
        }
    }

    @Test
    void unchangedDirectoriesKeepTheirParentsTreeWithoutEncodingItAgain() throws IOException {
        writeTree();
        Snapshot first = backup(Optional.empty(), new BackupProgress(), "*.tmp").snapshot();
        // The first backup read every file and listed every directory, which may have moved their access
        // times; the second settles them, the third changes one file.
        Snapshot second = backup(Optional.of(first), new BackupProgress(), "*.tmp").snapshot();
        Files.writeString(data.resolve("notes.txt"), "changed\n");
        BackupProgress progress = new BackupProgress();
        Snapshot third = backup(Optional.of(second), progress, "*.tmp").snapshot();

        // sub/deeper holds one file that no incremental reads, and emptydir nothing: both are taken by id.
        // (sub itself lists sub/deeper, whose access time moves on every listing where atime is strict.)
        assertThat(progress.unchangedDirectories.get()).isBetween(2L, 3L);
        try (Repository r = reopen()) {
            Tree before = dataTree(r, second);
            Tree after = dataTree(r, third);
            assertThat(after).isNotEqualTo(before);
            assertThat(child(r, after, "sub").find("deeper").orElseThrow().subtree())
                    .isEqualTo(child(r, before, "sub").find("deeper").orElseThrow().subtree());
            assertThat(after.find("emptydir").orElseThrow().subtree()).isEqualTo(before.find("emptydir").orElseThrow().subtree());
            assertThat(content(r, after.find("notes.txt").orElseThrow())).isEqualTo("changed\n".getBytes());
        }
    }

    @Test
    void devicesAreBackedUpWithTheNumberOfTheDeviceTheyStandFor() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "only root can make device nodes");
        assertThat(new ProcessBuilder("mknod", data.resolve("null").toString(), "c", "1", "3").start().waitFor()).isZero();
        assertThat(new ProcessBuilder("mknod", data.resolve("disk").toString(), "b", "259", "250").start().waitFor()).isZero();
        Files.writeString(data.resolve("file"), "x");

        Snapshot s = backup(Optional.empty(), new BackupProgress()).snapshot();

        try (Repository r = reopen()) {
            Tree t = dataTree(r, s);
            assertThat(t.find("null").orElseThrow().type()).isEqualTo(Node.Type.CHARDEV);
            assertThat(t.find("null").orElseThrow().rdev()).isEqualTo((1L << 8) | 3);
            assertThat(t.find("disk").orElseThrow().type()).isEqualTo(Node.Type.DEVICE);
            assertThat(t.find("disk").orElseThrow().rdev()).isEqualTo((259L << 8) | 250);
            assertThat(t.find("file").orElseThrow().rdev()).isNull();
        }
        // The JDK's way, where statx is not at hand, reads the same number.
        assertThat(NodeReader.viaJdk(data.resolve("disk"), "disk").rdev()).isEqualTo((259L << 8) | 250);
    }

    @Test
    void extendedAttributesOfEveryEntryAreBackedUpAndFollowAChangeOfTheirsAlone() throws IOException {
        Path notes = Files.writeString(data.resolve("notes.txt"), "hello");
        Path sub = Files.createDirectories(data.resolve("sub"));
        ExtendedAttributes.write(notes, xattr("user.owner", "ops"));
        ExtendedAttributes.write(sub, xattr("user.kind", "dir"));
        Snapshot first = backup(Optional.empty(), new BackupProgress()).snapshot();
        ExtendedAttributes.write(notes, xattr("user.owner", "desk"));
        BackupResult second = backup(Optional.of(first), new BackupProgress());

        assertThat(second.warnings()).isEmpty();
        try (Repository r = reopen()) {
            Tree before = dataTree(r, first);
            Tree after = dataTree(r, second.snapshot());
            assertThat(before.find("notes.txt").orElseThrow().xattrs()).containsExactly(xattr("user.owner", "ops"));
            assertThat(before.find("sub").orElseThrow().xattrs()).containsExactly(xattr("user.kind", "dir"));
            assertThat(after.find("notes.txt").orElseThrow().xattrs()).containsExactly(xattr("user.owner", "desk"));
            assertThat(after.find("sub").orElseThrow().xattrs()).containsExactly(xattr("user.kind", "dir"));
            assertThat(content(r, after.find("notes.txt").orElseThrow())).isEqualTo("hello".getBytes());
        }
    }

    private static Node.Xattr xattr(String name, String value) {
        return new Node.Xattr(name, java.util.Base64.getEncoder().encodeToString(value.getBytes()));
    }

    @Test
    void namesAndTargetsThatAreNotValidUtf8AreBackedUpAsTheirBytesAndMatchTheirParentsByThem() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        Files.writeString(data.resolve("ok.txt"), "fine");
        // bash writes the bytes 0xff and 0xfe, which no UTF-8 text holds; the JDK shows both as U+FFFD.
        Process p = new ProcessBuilder("bash", "-c", "printf one > $'a\\xff' && printf two > $'a\\xfe'"
                + " && ln -s $'t\\xe9/' link").directory(data.toFile()).start();
        assertThat(p.waitFor()).isZero();
        BackupResult first;
        BackupResult second;
        try (Repository r = reopen(); Archiver a = new Archiver(r)) {
            first = a.backup(options(Optional.empty()), new BackupProgress());
        }
        try (Repository r = reopen(); Archiver a = new Archiver(r)) {
            second = a.backup(options(Optional.of(first.snapshot())), new BackupProgress());
        }
        assertThat(first.partial()).isFalse();
        assertThat(first.warnings()).isEmpty();
        assertThat(second.snapshot().summary().unchangedFiles()).isEqualTo(3);
        try (Repository r = reopen()) {
            Tree t = dataTree(r, first.snapshot());
            assertThat(t.nodes()).extracting(Node::displayName).containsExactly("a\\xfe", "a\\xff", "link", "ok.txt");
            assertThat(content(r, t.find("a\uFFFD", RawText.raw(new byte[] {'a', (byte) 0xff})).orElseThrow()))
                    .isEqualTo("one".getBytes());
            assertThat(content(r, t.find("a\uFFFD", RawText.raw(new byte[] {'a', (byte) 0xfe})).orElseThrow()))
                    .isEqualTo("two".getBytes());
            Node link = t.find("link").orElseThrow();
            assertThat(link.linkTarget()).isEqualTo("t\uFFFD/");
            assertThat(link.linkTargetBytes()).isEqualTo(new byte[] {'t', (byte) 0xe9, '/'});
        }
    }

    @Test
    void pathsToBackUpInsideDirectoriesWhoseNamesAreNotUtf8KeepThoseNamesBytes() throws Exception {
        Path ff = data.resolve(NameBytes.path(new byte[] {'d', (byte) 0xff}).orElseThrow());
        Path fe = data.resolve(NameBytes.path(new byte[] {'d', (byte) 0xfe}).orElseThrow());
        Files.createDirectories(ff.resolve("sub"));
        Files.writeString(ff.resolve("sub/one"), "one");
        Files.createDirectories(fe);
        Files.writeString(fe.resolve("two"), "two");
        BackupOptions options = new BackupOptions(List.of(ff.resolve("sub"), fe.resolve("two")), List.of(), List.of(),
                Optional.empty(), "files", "host", "tester", Duration.ZERO);
        BackupResult result;
        try (Repository r = reopen(); Archiver a = new Archiver(r)) {
            result = a.backup(options, new BackupProgress());
        }
        assertThat(result.warnings()).isEmpty();
        // The snapshot's paths tell the two apart too, as retention and the choice of a parent group by them.
        assertThat(result.snapshot().paths()).containsExactly(data + "/d\\xff/sub", data + "/d\\xfe/two");
        try (Repository r = reopen()) {
            Tree t = dataTree(r, result.snapshot());
            assertThat(t.nodes()).extracting(Node::displayName).containsExactly("d\\xfe", "d\\xff");
            Node underFf = t.find("d\uFFFD", RawText.raw(new byte[] {'d', (byte) 0xff})).orElseThrow();
            Tree sub = child(r, Tree.decode(underFf.subtree(), r.loadBlob(BlobId.parse(underFf.subtree()))), "sub");
            assertThat(content(r, sub.find("one").orElseThrow())).isEqualTo("one".getBytes());
            Node underFe = t.find("d\uFFFD", RawText.raw(new byte[] {'d', (byte) 0xfe})).orElseThrow();
            Tree two = Tree.decode(underFe.subtree(), r.loadBlob(BlobId.parse(underFe.subtree())));
            assertThat(content(r, two.find("two").orElseThrow())).isEqualTo("two".getBytes());
        }
    }

    @Test
    void unreadableFilesAreSkippedWithAWarningAndTheRestIsBackedUp() throws IOException {
        Files.writeString(data.resolve("ok.txt"), "fine");
        Files.writeString(data.resolve("secret.txt"), "locked");
        Path secret = data.resolve("secret.txt");
        BackupResult result;
        try (Repository r = reopen(); Archiver a = new Archiver(r, p -> {
            if (p.equals(secret)) {
                throw new java.nio.file.AccessDeniedException(p.toString());
            }
            return java.nio.channels.FileChannel.open(p);
        })) {
            result = a.backup(options(Optional.empty()), new BackupProgress());
        }
        assertThat(result.partial()).isTrue();
        assertThat(result.warnings()).containsExactly(secret + ": skipped: permission denied");
        assertThat(result.snapshot().summary().errors()).isEqualTo(1);
        try (Repository r = reopen()) {
            Tree t = dataTree(r, result.snapshot());
            assertThat(t.nodes()).extracting(Node::name).containsExactly("ok.txt");
            assertThat(content(r, t.find("ok.txt").orElseThrow())).isEqualTo("fine".getBytes());
        }
    }

    @Test
    void backsUpAStreamAsOneFile() throws IOException {
        byte[] dump = "INSERT INTO t VALUES (1);\n".repeat(50_000).getBytes();
        try (Repository r = reopen(); Archiver a = new Archiver(r)) {
            Snapshot s = a.backupStream(new ByteArrayInputStream(dump), "dump.sql", options(Optional.empty())).snapshot();
            Tree t = Tree.decode(s.tree(), r.loadBlob(BlobId.parse(s.tree())));
            assertThat(content(r, t.find("dump.sql").orElseThrow())).isEqualTo(dump);
            assertThat(s.summary().storedBytes()).isLessThan(dump.length / 10);
        }
    }

    @Test
    void missingPathIsAnError() {
        BackupOptions o = new BackupOptions(List.of(data.resolve("absent")), List.of(), List.of(), Optional.empty(), "files",
                "host", "tester", Duration.ZERO);
        assertThatThrownBy(() -> {
            try (Repository r = reopen(); Archiver a = new Archiver(r)) {
                a.backup(o, new BackupProgress());
            }
        }).hasMessage(data.resolve("absent") + ": does not exist; nothing to back up");
    }
}
