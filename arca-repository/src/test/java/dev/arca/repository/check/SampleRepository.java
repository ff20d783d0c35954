package dev.arca.repository.check;

import dev.arca.repository.BlobType;
import dev.arca.repository.ContentHash;
import dev.arca.repository.Repository;
import dev.arca.repository.RepositoryConfig;
import dev.arca.repository.SampleData;
import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.memory.MemoryStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds small repositories for check and prune tests, the way a backup lays them out: each file cut
 * into fixed-size blobs, the data flushed into its own pack before the trees go into another, one
 * snapshot per backup. Fixed-size blobs (not the chunker) make it plain which files share blobs.
 */
public final class SampleRepository {
    public static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    public static final String HOST = "testhost";
    public static final String USER = "tester";
    /** Four KiB blobs keep the sample files small and still several blobs long. */
    public static final int BLOB = 4096;
    /** Cheap key derivation: these tests are about the repository, not about password strength. */
    private static final ScryptParams FAST = new ScryptParams(1 << 10, 8, 1);
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    public static final byte[] ATTACHMENT = content(3 * BLOB + 100, 12);
    public static final byte[] OTHER_ATTACHMENT = content(2 * BLOB, 13);
    public static final byte[] NOTES = content(500, 1);
    public static final byte[] NEW_ATTACHMENT = content(BLOB, 14);
    public static final byte[] UNRELATED = content(BLOB, 99);
    public static final Map<String, byte[]> FIRST_FILES = files(
            "/srv/uploads/att_00012.bin", ATTACHMENT,
            "/srv/uploads/att_00013.bin", OTHER_ATTACHMENT,
            "/srv/notes.txt", NOTES);
    public static final Map<String, byte[]> SECOND_FILES = files(
            "/srv/uploads/att_00012.bin", ATTACHMENT,
            "/srv/archive/att_00012.bin", ATTACHMENT,
            "/srv/uploads/att_00014.bin", NEW_ATTACHMENT);
    public static final Map<String, byte[]> THIRD_FILES = files("/srv/other.bin", UNRELATED);

    /** The snapshots of {@link #backUpThree}. */
    public record Backups(Snapshot first, Snapshot second, Snapshot third) {
    }

    private SampleRepository() {
    }

    /**
     * Three backups: the second shares an attachment with the first (and holds it under two paths), the
     * third shares nothing. Each leaves a data pack and a tree pack, each with its own index file.
     */
    public static Backups backUpThree(Repository repo) throws IOException {
        return new Backups(backup(repo, 1, FIRST_FILES), backup(repo, 2, SECOND_FILES), backup(repo, 3, THIRD_FILES));
    }

    public static Repository create(Storage storage) throws IOException {
        return Repository.init(storage, PASSWORD, new Repository.InitOptions(FAST, 3, RepositoryConfig.DEFAULT_PACK_SIZE,
                ChunkSizes.DEFAULT, HOST, USER), Clock.systemUTC());
    }

    public static Repository open(Storage storage) throws IOException {
        try {
            return Repository.open(storage, PASSWORD, Clock.systemUTC());
        } catch (WrongPasswordException e) {
            throw new AssertionError("the sample password no longer opens the sample repository", e);
        }
    }

    /** Random, incompressible content; equal seeds give equal files, which then share their blobs. */
    public static byte[] content(int length, long seed) {
        return SampleData.random(length, seed);
    }

    /**
     * Backs up {@code files} (absolute path to content) as snapshot number {@code n}, {@code n} hours after
     * a fixed start so that snapshots sort in the order they were made.
     */
    public static Snapshot backup(Repository repo, int n, Map<String, byte[]> files) throws IOException {
        SortedMap<String, Object> root = new TreeMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String[] parts = f.getKey().substring(1).split("/");
            SortedMap<String, Object> dir = root;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                SortedMap<String, Object> sub = (SortedMap<String, Object>) dir.computeIfAbsent(parts[i], k -> new TreeMap<>());
                dir = sub;
            }
            dir.put(parts[parts.length - 1], f.getValue());
        }
        Map<byte[], List<String>> contents = new IdentityHashMap<>();
        for (byte[] data : files.values()) {
            contents.put(data, saveData(repo, data));
        }
        repo.flush();
        String rootId = saveTree(repo, root, contents);
        repo.flush();
        return repo.snapshots().save(new Snapshot(null, EPOCH.plusSeconds(3600L * n), HOST, USER, "files", List.of("/srv"),
                List.of(), rootId, null, null, null, "arca-test"));
    }

    /** Saves a directory listing as it is, for tests that need a tree a backup would not write. */
    public static String saveTree(Repository repo, Tree tree) throws IOException {
        byte[] json = tree.encode();
        return repo.saveBlob(BlobType.TREE, json, 0, json.length).id().hex();
    }

    public static Node file(String name, List<String> content, long size) {
        return new Node(name, Node.Type.FILE, 0644, 0, 0, USER, USER, EPOCH, EPOCH, EPOCH, 0, 0, 1, size, content, null, null);
    }

    public static Node dir(String name, String subtree) {
        return new Node(name, Node.Type.DIR, 0755, 0, 0, USER, USER, EPOCH, EPOCH, EPOCH, 0, 0, 1, 0, null, subtree, null);
    }

    /** Reads back every file of a snapshot, each blob verified against its id, as restore does. */
    public static Map<String, byte[]> restore(Repository repo, Snapshot snapshot) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        restore(repo, snapshot.tree(), "", out);
        return out;
    }

    /** Every stored object and its size: what a test compares to prove that nothing changed. */
    public static Map<ObjectKey, Long> listing(Storage storage) throws IOException {
        Map<ObjectKey, Long> out = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (ObjectKind kind : ObjectKind.values()) {
            for (ObjectInfo info : storage.list(kind)) {
                out.put(info.key(), info.size());
            }
        }
        return out;
    }

    /** The bytes all packs take. */
    public static long dataBytes(Storage storage) throws IOException {
        return storage.list(ObjectKind.DATA).stream().mapToLong(ObjectInfo::size).sum();
    }

    /** An independent copy of a repository, so that each of many runs starts from the same state. */
    public static MemoryStorage copy(Storage from) throws IOException {
        MemoryStorage to = new MemoryStorage();
        for (ObjectKind kind : ObjectKind.values()) {
            for (ObjectInfo info : from.list(kind)) {
                to.save(info.key(), from.load(info.key()));
            }
        }
        return to;
    }

    /** Stores a pack-like object that no index names, as an interrupted backup leaves one; returns its name. */
    public static String addGarbagePack(Storage storage, long seed) throws IOException {
        byte[] leftover = content(1000, seed);
        String name = ContentHash.hex(leftover);
        storage.save(ObjectKey.of(ObjectKind.DATA, name), leftover);
        return name;
    }

    /** Inverts one bit of a stored pack, as a failing disk or a tamperer would. */
    public static void flipBit(Storage storage, String pack, long at) throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, pack);
        byte[] bytes = storage.load(key);
        bytes[Math.toIntExact(at)] ^= 0x01;
        replace(storage, key, bytes);
    }

    /** Replaces a stored object, which storage itself never does: how tests damage a repository. */
    public static void replace(Storage storage, ObjectKey key, byte[] data) throws IOException {
        storage.remove(key);
        storage.save(key, data);
    }

    private static Map<String, byte[]> files(Object... pathsAndContents) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            out.put((String) pathsAndContents[i], (byte[]) pathsAndContents[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> saveData(Repository repo, byte[] data) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int at = 0; at < data.length; at += BLOB) {
            ids.add(repo.saveBlob(BlobType.DATA, data, at, Math.min(BLOB, data.length - at)).id().hex());
        }
        return ids;
    }

    private static String saveTree(Repository repo, SortedMap<String, Object> dir, Map<byte[], List<String>> contents)
            throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Object> e : dir.entrySet()) {
            if (e.getValue() instanceof byte[] data) {
                nodes.add(file(e.getKey(), contents.get(data), data.length));
            } else {
                @SuppressWarnings("unchecked")
                SortedMap<String, Object> sub = (SortedMap<String, Object>) e.getValue();
                nodes.add(dir(e.getKey(), saveTree(repo, sub, contents)));
            }
        }
        return saveTree(repo, new Tree(nodes));
    }

    private static void restore(Repository repo, String treeId, String path, Map<String, byte[]> out) throws IOException {
        Tree tree = Tree.decode(treeId, repo.loadBlob(BlobId.parse(treeId)));
        for (Node n : tree.nodes()) {
            if (n.type() == Node.Type.DIR) {
                restore(repo, n.subtree(), path + "/" + n.name(), out);
            } else {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                for (String blob : n.content()) {
                    content.writeBytes(repo.loadBlob(BlobId.parse(blob)));
                }
                out.put(path + "/" + n.name(), content.toByteArray());
            }
        }
    }
}
