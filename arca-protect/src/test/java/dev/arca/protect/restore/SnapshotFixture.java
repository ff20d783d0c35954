package dev.arca.protect.restore;

import dev.arca.repository.BlobType;
import dev.arca.repository.Repository;
import dev.arca.repository.chunker.Chunk;
import dev.arca.repository.chunker.ChunkReader;
import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds snapshots the way a backup would, straight through the repository API: small chunks and
 * 1 MiB packs, so that even small test files spread over many blobs and packs.
 */
final class SnapshotFixture {
    static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.123456789Z");
    static final Instant ATIME = Instant.parse("2022-01-02T03:04:05.5Z");

    final Repository repo;
    private long inodes = 1000;

    SnapshotFixture() throws IOException {
        repo = Repository.init(new MemoryStorage(), "secret".toCharArray(),
                new Repository.InitOptions(new ScryptParams(2, 1, 1), 3, 1 << 20,
                        new ChunkSizes(16 << 10, 64 << 10, 256 << 10), "host", "user"),
                Clock.systemUTC());
    }

    static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Stores data as content-defined chunks, as a backup does; returns the blob ids. */
    List<String> chunked(byte[] data) throws IOException {
        List<String> ids = new ArrayList<>();
        ChunkReader reader = repo.chunker().reader(new ByteArrayInputStream(data));
        for (Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
            ids.add(repo.saveBlob(BlobType.DATA, chunk.array(), chunk.offset(), chunk.length()).id().hex());
        }
        return ids;
    }

    /** Stores one blob and returns its id. */
    String blob(byte[] data) throws IOException {
        return repo.saveBlob(BlobType.DATA, data, 0, data.length).id().hex();
    }

    Node file(String name, byte[] data) throws IOException {
        return file(name, 0644, chunked(data), data.length);
    }

    Node file(String name, int mode, List<String> content, long size) {
        return new Node(name, Node.Type.FILE, mode, 0, 0, "root", "root", MTIME, ATIME, MTIME, inodes++, 1, 1, size,
                content, null, null);
    }

    /** A name of a file with {@code links} names, all sharing inode {@code inode}. */
    Node hardLinked(String name, long inode, List<String> content, long size) {
        return new Node(name, Node.Type.FILE, 0640, 0, 0, "root", "root", MTIME, ATIME, MTIME, inode, 7, 2, size,
                content, null, null);
    }

    Node dir(String name, Node... children) throws IOException {
        return dir(name, 0755, children);
    }

    Node dir(String name, int mode, Node... children) throws IOException {
        return new Node(name, Node.Type.DIR, mode, 0, 0, "root", "root", MTIME, ATIME, MTIME, inodes++, 1, 2, 0,
                null, tree(children), null);
    }

    static Node symlink(String name, String target) {
        return new Node(name, Node.Type.SYMLINK, 0777, 0, 0, "root", "root", MTIME, ATIME, MTIME, 5, 1, 1, 0,
                null, null, target);
    }

    static Node special(String name, Node.Type type) {
        return new Node(name, type, 0640, 0, 0, "root", "root", MTIME, ATIME, MTIME, 6, 1, 1, 0, null, null, null);
    }

    String tree(Node... children) throws IOException {
        byte[] json = new Tree(List.of(children)).encode();
        return repo.saveBlob(BlobType.TREE, json, 0, json.length).id().hex();
    }

    /** Flushes and saves a snapshot whose root holds {@code top}. */
    Snapshot snapshot(Node... top) throws IOException {
        String root = tree(top);
        repo.flush();
        return repo.snapshots().save(new Snapshot(null, Instant.now(), "host", "user", "files", List.of("/srv"),
                List.of(), root, null, null, null, "test"));
    }

    /** Flips one byte in the middle of the stored blob {@code hex}, in its pack. */
    void corrupt(String hex) throws IOException {
        BlobIndex.Location at = repo.index().find(BlobId.parse(hex)).orElseThrow();
        ObjectKey pack = ObjectKey.of(ObjectKind.DATA, at.pack());
        byte[] bytes = repo.storage().load(pack);
        bytes[at.offset() + at.length() / 2] ^= 0x40;
        repo.storage().remove(pack);
        repo.storage().save(pack, bytes);
    }

    /** Removes the pack that holds blob {@code hex}. */
    void losePackOf(String hex) throws IOException {
        BlobIndex.Location at = repo.index().find(BlobId.parse(hex)).orElseThrow();
        repo.storage().remove(ObjectKey.of(ObjectKind.DATA, at.pack()));
    }
}
