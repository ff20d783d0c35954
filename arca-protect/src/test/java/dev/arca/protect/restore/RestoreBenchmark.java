package dev.arca.protect.restore;

import dev.arca.repository.BlobType;
import dev.arca.repository.Repository;
import dev.arca.repository.chunker.Chunk;
import dev.arca.repository.chunker.ChunkReader;
import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import dev.arca.storage.local.LocalStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Measures a full restore of a directory tree (such as the benchmark data set) outside the test
 * suite; asserts nothing. A plain single-threaded backup fills the repository first, so that this
 * needs nothing from the archiver. From the repository root:
 * <pre>
 * mvn -q -pl arca-protect test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * cd arca-protect
 * CP=target/classes:target/test-classes:$(cat target/cp.txt)
 * java -cp $CP dev.arca.protect.restore.RestoreBenchmark backup DATA REPO
 * java -Xmx512m -cp $CP dev.arca.protect.restore.RestoreBenchmark restore REPO TARGET [THREADS]
 * </pre>
 * The restore prints its wall time and the CPU time of the JVM's threads by kind (compilers, GC,
 * main), which tells how much of a run went to the restore itself.
 */
public final class RestoreBenchmark {
    private static final char[] PASSWORD = "bench".toCharArray();

    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("backup")) {
            backup(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]));
        } else {
            restore(Path.of(args[1]), Path.of(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors());
        }
    }

    private static void backup(Path data, Path repoPath) throws IOException {
        try (Repository repo = Repository.init(LocalStorage.open(repoPath, true), PASSWORD,
                new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), 3, 16 << 20, ChunkSizes.DEFAULT, "bench", "bench"),
                Clock.systemUTC())) {
            // The root tree mirrors the absolute path, one directory per level, as a real backup's does.
            Node level = node(repo, data);
            for (Path dir = data.getParent(); dir.getFileName() != null; dir = dir.getParent()) {
                level = attributes(dir, Node.Type.DIR, null, tree(repo, List.of(level)), 0);
            }
            String root = tree(repo, List.of(level));
            repo.flush();
            repo.snapshots().save(new Snapshot(null, Instant.now(), "bench", "bench", "files", List.of(data.toString()),
                    List.of(), root, null, null, null, "bench"));
        }
    }

    private static void restore(Path repoPath, Path target, int threads) throws Exception {
        long start = System.nanoTime();
        Repository repo = Repository.open(LocalStorage.open(repoPath, false), PASSWORD, Clock.systemUTC());
        Snapshot snapshot = repo.snapshots().find("latest", null);
        RestoreResult result = new Restorer(repo, RestoreOptions.defaults().withThreads(threads)).restore(snapshot, target);
        System.out.printf("restored %d files, %d bytes in %.2f s; damaged %s%n", result.files(), result.bytes(),
                (System.nanoTime() - start) / 1e9, result.damaged());
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException e) {
                    // The thread ended while being listed.
                }
            }
        }
        ticks.forEach((name, t) -> System.out.printf("  %-16s %5d ms CPU%n", name, t * 10));
    }

    private static String tree(Repository repo, List<Node> nodes) throws IOException {
        byte[] json = new Tree(nodes).encode();
        return repo.saveBlob(BlobType.TREE, json, 0, json.length).id().hex();
    }

    private static Node node(Repository repo, Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            List<Node> children = new ArrayList<>();
            try (Stream<Path> entries = Files.list(path)) {
                for (Path child : entries.sorted().toList()) {
                    children.add(node(repo, child));
                }
            }
            return attributes(path, Node.Type.DIR, null, tree(repo, children), 0);
        }
        List<String> content = new ArrayList<>();
        try (InputStream in = Files.newInputStream(path)) {
            ChunkReader reader = repo.chunker().reader(in);
            for (Chunk c = reader.next(); c != null; c = reader.next()) {
                content.add(repo.saveBlob(BlobType.DATA, c.array(), c.offset(), c.length()).id().hex());
            }
        }
        return attributes(path, Node.Type.FILE, content, null, Files.size(path));
    }

    private static Node attributes(Path path, Node.Type type, List<String> content, String subtree, long size)
            throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,ino,dev,nlink,lastModifiedTime,lastAccessTime",
                LinkOption.NOFOLLOW_LINKS);
        Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
        return new Node(path.getFileName().toString(), type, (Integer) a.get("mode") & 07777, (Integer) a.get("uid"),
                (Integer) a.get("gid"), null, null, mtime, ((FileTime) a.get("lastAccessTime")).toInstant(), mtime,
                (Long) a.get("ino"), (Long) a.get("dev"), (Integer) a.get("nlink"), size, content, subtree, null);
    }
}
