package dev.arca.protect.restore;

import dev.arca.repository.BlobType;
import dev.arca.repository.Repository;
import dev.arca.repository.chunker.Chunk;
import dev.arca.repository.chunker.ChunkReader;
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
import java.util.stream.Stream;

/**
 * Measures a full restore of a directory tree (the benchmark data set) outside the test suite, with
 * a plain single-threaded backup to fill the repository, since the archiver lives elsewhere.
 *
 * <p>{@code backup DATA REPO} stores DATA as a snapshot; {@code restore REPO TARGET [THREADS]}
 * restores the latest snapshot and prints the wall time.
 */
public final class RestoreBenchmark {
    private static final char[] PASSWORD = "bench".toCharArray();

    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("backup")) {
            Repository repo = Repository.init(LocalStorage.open(Path.of(args[2]), true), PASSWORD,
                    new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), 3, 16 << 20,
                            dev.arca.repository.chunker.ChunkSizes.DEFAULT, "bench", "bench"), Clock.systemUTC());
            Path data = Path.of(args[1]).toAbsolutePath();
            Node top = node(repo, data);
            Node root = top;
            for (Path p = data.getParent(); p != null; p = p.getParent()) {
                byte[] json = new Tree(List.of(root)).encode();
                String id = repo.saveBlob(BlobType.TREE, json, 0, json.length).id().hex();
                root = p.getFileName() == null ? null : attributes(p, Node.Type.DIR, null, id, 0);
                if (root == null) {
                    repo.flush();
                    repo.snapshots().save(new Snapshot(null, Instant.now(), "bench", "bench", "files",
                            List.of(data.toString()), List.of(), id, null, null, null, "bench"));
                }
            }
            repo.close();
        } else {
            Repository repo = Repository.open(LocalStorage.open(Path.of(args[1]), false), PASSWORD, Clock.systemUTC());
            int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
            long start = System.nanoTime();
            RestoreProgress progress = new RestoreProgress();
            Thread watch = new Thread(() -> {
                while (!progress.totalsKnown()) {
                    Thread.onSpinWait();
                }
                System.out.printf("planned after %.2f s%n", (System.nanoTime() - start) / 1e9);
            });
            watch.setDaemon(true);
            watch.start();
            Snapshot snapshot = repo.snapshots().find("latest", null);
            System.out.printf("snapshot found after %.2f s%n", (System.nanoTime() - start) / 1e9);
            repo.index();
            System.out.printf("index loaded after %.2f s%n", (System.nanoTime() - start) / 1e9);
            RestoreResult result = new Restorer(repo, RestoreOptions.defaults().withThreads(threads).withProgress(progress))
                    .restore(snapshot, Path.of(args[2]));
            System.out.printf("restored %d files, %d bytes in %.2f s; damaged %s%n", result.files(), result.bytes(),
                    (System.nanoTime() - start) / 1e9, result.damaged());
            java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(t.resolve("stat"));
                    } catch (IOException e) {
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                }
            }
            ticks.forEach((k, v) -> { if (v > 5) System.out.println("  " + k + " " + v * 10 + " ms"); });
        }
    }

    private static Node node(Repository repo, Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            List<Node> children = new ArrayList<>();
            try (Stream<Path> entries = Files.list(path)) {
                for (Path child : entries.sorted().toList()) {
                    children.add(node(repo, child));
                }
            }
            byte[] json = new Tree(children).encode();
            return attributes(path, Node.Type.DIR, null, repo.saveBlob(BlobType.TREE, json, 0, json.length).id().hex(), 0);
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
