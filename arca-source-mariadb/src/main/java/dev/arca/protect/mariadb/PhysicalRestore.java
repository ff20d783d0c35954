package dev.arca.protect.mariadb;

import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RestoreReport;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Restores a physical backup into a new data directory and brings it forward to the target time: the
 * stored xbstream is piped from the repository into {@code mbstream -x}, {@code mariadb-backup --prepare}
 * makes the copy consistent, and the binlogs from the backup's position up to the target are replayed
 * by the server's own replication applier with parallel workers ({@link ReplayServer}), which is how a
 * replica keeps up with a busy primary, rather than by one {@code mariadb-binlog | mariadb} pipe.
 *
 * <p>The binlogs are fetched and cut while the backup is extracted and prepared. The target second is
 * honoured as a dump's restore honours it (see {@link EventWalk}). The result is a stopped data
 * directory, owned by the {@code mysql} user when Arca runs as root, for the operator to start.
 */
final class PhysicalRestore {
    private static final String MYSQL_USER = "mysql";
    private static final long MIB = 1024 * 1024;

    private final String stream;
    private final Repository repo;

    PhysicalRestore(String stream, Repository repo) {
        this.stream = stream;
        this.repo = repo;
    }

    /** The binlogs laid out as relay logs, and where their replay starts and stops. */
    private record Relay(List<BinlogName> binlogs, long start, long stop, Set<Long> servers, Instant newest) {
        boolean empty() {
            return binlogs.size() == 1 && stop <= start;
        }
    }

    RestoreReport run(BinlogChain chain, PointInTime at, Path dir) throws IOException {
        Instant began = Instant.now();
        BackupPoint base = chain.base();
        prepareEmpty(dir);
        long lastSecond = at instanceof PointInTime.At(Instant time) ? time.getEpochSecond() : Long.MAX_VALUE;
        CompletableFuture<Relay> relay = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(chain, lastSecond, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long t0 = System.nanoTime();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path run = Files.createTempDirectory("arca-mariadb-replay-");
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        String gtid = base.gtid().orElse("");
        Relay r;
        long t1;
        try {
            try {
                extract(base, dir);
                prepare(dir);
            } catch (IOException | RuntimeException e) {
                awaitQuietly(relay); // no relay log may be written after the cleanup below
                throw e;
            }
            r = join(relay);
            t1 = System.nanoTime();
            if (!r.empty()) {
                // As root the server runs as root too: the mysql user may not be let through the target's parents.
                try (ReplayServer server = ReplayServer.start(dir, run, serverId(r.servers()), threads, bufferPool(),
                        root ? Optional.of("root") : Optional.empty())) {
                    gtid = server.replay(stream, r.binlogs(), r.start(), r.stop());
                }
            }
        } finally {
            deleteRelayLogs(dir);
            deleteTree(run);
        }
        Optional<String> owner = root ? mysqlUser() : Optional.empty();
        if (owner.isPresent()) {
            ExternalCommand.of(List.of("chown", "-R", owner.get() + ":", dir.toString())).run();
        }
        long t2 = System.nanoTime();
        Instant reached = at instanceof PointInTime.At(Instant time) ? time
                : r.newest().isAfter(base.time()) ? r.newest() : base.time();
        BinlogName last = r.binlogs().getLast();
        List<String> notes = new ArrayList<>();
        notes.add("physical backup " + base.snapshot().shortId() + " (" + base.file() + ":" + base.position() + ", "
                + base.time() + ") extracted and prepared in " + dir + String.format(Locale.ROOT, " in %.1f s",
                (t1 - t0) / 1e9));
        notes.add(r.empty() ? "no binlog to replay after the backup"
                : String.format(Locale.ROOT, "replayed %d binlog file(s) from %s:%d to %s:%d (%s) through the replication "
                        + "applier with %d parallel threads in %.1f s; GTID position %s", r.binlogs().size(), base.file(),
                        r.start(), last, r.stop(), at instanceof PointInTime.At ? "the last transaction stamped at or "
                                + "before " + reached + ", binlog times being whole seconds" : "the newest stored "
                                + "transaction, " + reached, threads, (t2 - t1) / 1e9, gtid));
        notes.add("the data directory is ready and stopped" + owner.map(u -> ", owned by " + u).orElse("")
                + ": start a server on it, e.g. mariadbd --datadir=" + dir + owner.map(u -> " --user=" + u).orElse("")
                + ", or point the datadir of the server's my.cnf at it (its binlog, if any, starts anew)");
        return new RestoreReport(base.snapshot().shortId(), reached, r.empty() ? 0 : r.binlogs().size(),
                Duration.between(began, Instant.now()), notes);
    }

    private static void prepareEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new MariadbException("target directory " + dir + " is a file, not a directory",
                        "give a new or empty directory with --target-dir");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new MariadbException("target directory " + dir + " is not empty; a restore never "
                            + "overwrites data", "give a new or empty directory with --target-dir");
                }
            }
        } else {
            Files.createDirectories(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private void extract(BackupPoint base, Path dir) throws IOException {
        new StoredFile(repo, base.snapshot(), BackupPoint.PHYSICAL_FILE)
                .feed(ExternalCommand.of(List.of("mbstream", "-x", "--parallel=2", "-C", dir.toString())));
    }

    private static void prepare(Path dir) throws IOException {
        ExternalCommand.of(List.of("mariadb-backup", "--no-defaults", "--prepare", "--target-dir=" + dir,
                "--use-memory=" + bufferPool())).run();
    }

    /**
     * Copies the chain's binlogs into the data directory as relay logs, each cut where the replay stops
     * (the target second, or the last whole transaction); files past the stop are not fetched.
     */
    private Relay fetch(BinlogChain chain, long lastSecond, Path dir) throws IOException {
        List<BinlogName> binlogs = new ArrayList<>();
        Set<Long> servers = new TreeSet<>();
        Instant newest = Instant.EPOCH;
        long start = chain.base().position();
        long stop = start;
        for (LogFile f : chain.files()) {
            boolean first = binlogs.isEmpty();
            Path p = dir.resolve(ReplayServer.relayFile(binlogs.size() + 1));
            try (OutputStream o = Files.newOutputStream(p)) {
                repo.logs().copy(f, o);
            }
            EventWalk walk = EventWalk.of(p, first ? start : EventWalk.MAGIC, lastSecond);
            if (!first && walk.replayEnd() <= EventWalk.MAGIC) {
                Files.delete(p); // nothing of it is replayed: the previous file ends the replay
                break;
            }
            boolean cut = walk.replayEnd() < Files.size(p);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(walk.replayEnd());
            }
            binlogs.add(BinlogName.of(f.log()));
            servers.addAll(walk.servers());
            newest = walk.newest().isAfter(newest) ? walk.newest() : newest;
            stop = walk.replayEnd();
            if (cut || walk.passedLimit()) {
                break;
            }
        }
        if (binlogs.isEmpty()) {
            binlogs.add(chain.base().file());
        }
        return new Relay(binlogs, start, stop, servers, newest);
    }

    /** The highest server id no replayed event carries. */
    private static long serverId(Set<Long> servers) {
        long id = 4294967295L;
        while (servers.contains(id)) {
            id--;
        }
        return id;
    }

    /** A quarter of the memory, between 128 MiB and 4 GiB: the replay and the prepare run alone. */
    private static long bufferPool() {
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        return Math.clamp(total / 4 / MIB, 128, 4096) * MIB;
    }

    /** The user a MariaDB server runs as, when this host has one: the restored directory is handed to it. */
    private static Optional<String> mysqlUser() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(MYSQL_USER + ":"))
                ? Optional.of(MYSQL_USER) : Optional.empty();
    }

    private static void deleteRelayLogs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(ReplayServer.RELAY + ".")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void awaitQuietly(CompletableFuture<Relay> relay) {
        try {
            relay.join();
        } catch (CompletionException | CancellationException e) {
            // the restore fails for another reason already
        }
    }

    private static Relay join(CompletableFuture<Relay> relay) throws IOException {
        try {
            return relay.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("fetching the binlogs failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching binlogs");
        }
    }
}
