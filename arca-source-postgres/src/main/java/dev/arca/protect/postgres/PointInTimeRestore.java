package dev.arca.protect.postgres;

import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.Restorer;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.protect.source.RestoreReport;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Restores a base backup into a new data directory and lets PostgreSQL replay the stored WAL up to the
 * target: the WAL is staged next to the data beforehand, so {@code restore_command} is a plain copy and
 * replay is not slowed by a program start per segment. The server is then started, promoted at the
 * target, and left running for the operator.
 */
final class PointInTimeRestore {
    static final String STAGE = "arca_restore_wal";
    private static final DateTimeFormatter PG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
    private static final String NOT_REACHED = "recovery ended before configured recovery target was reached";

    private final PostgresTools tools;
    private final PgConnection source;

    /** @param source how the original server is reached; its user and password reach the restored copy too */
    PointInTimeRestore(PostgresTools tools, PgConnection source) {
        this.tools = tools;
        this.source = source;
    }

    RestoreReport run(Repository repo, List<WalChain.Run> runs, PointInTime at, RestoreTarget target) throws IOException {
        Instant begin = repo.clock().instant();
        WalChain.Run run = choose(runs, at);
        Path dir = target.directory().orElseThrow(() -> new IllegalArgumentException(
                "a PostgreSQL restore needs a target directory for the new data directory (--target-dir)"));
        prepareEmpty(dir);
        long t0 = System.nanoTime();
        // WAL is staged while the data directory is laid out and while PostgreSQL already replays: its
        // restore_command waits for each segment (see configure), so neither waits for the other to finish.
        WalStager stager = new WalStager(repo, run, dir.resolve(STAGE));
        Thread staging = Thread.ofPlatform().name("arca-stage-wal").start(stager);
        extract(repo, run, dir);
        if (run.history().isPresent()) {
            // Read from pg_wal when restore_command finds no history file: the path to the target timeline.
            try (var out = Files.newOutputStream(dir.resolve("pg_wal").resolve(run.history().get().log()))) {
                repo.logs().copy(run.history().get(), out);
            }
        }
        long t1 = System.nanoTime();
        String host = target.host().orElse("127.0.0.1");
        Optional<Instant> targetTime = at instanceof PointInTime.At a ? Optional.of(a.time()) : Optional.empty();
        configure(dir, host, target.port(), targetTime, run.timeline());
        String owner = Files.getOwner(dir.resolve("PG_VERSION")).getName();
        if (owner.equals("root") && isRoot()) {
            owner = "postgres"; // PostgreSQL refuses to run as root
        }
        chownIfRoot(dir, owner);
        Path log = dir.resolve("arca_restore.log");
        boolean replayAll = false;
        while (true) {
            start(dir, log, owner);
            if (waitForPromotion(dir, host, target.port())) {
                break;
            }
            if (!replayAll && targetTime.isPresent() && Files.readString(log).contains(NOT_REACHED)) {
                // Every stored transaction is older than the target: replay all of it, which is the target state.
                configure(dir, host, target.port(), Optional.empty(), run.timeline());
                replayAll = true;
                continue;
            }
            stager.cancel();
            throw stager.failure().map(e -> (IOException) e).orElse(failed(log));
        }
        long t3 = System.nanoTime();
        stager.cancel();
        try {
            staging.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while staging WAL");
        }
        if (stager.failure().isPresent()) {
            throw stager.failure().get();
        }
        int staged = stager.staged();
        deleteTree(dir.resolve(STAGE));
        Instant reached = targetTime.orElse(run.window().to());
        List<String> notes = List.of(
                "PostgreSQL is running on " + host + ":" + target.port() + " with data directory " + dir,
                "server log: " + log,
                String.format(java.util.Locale.ROOT, "data directory laid out in %.1f s; %d WAL files staged meanwhile; "
                        + "recovery and promotion in %.1f s", (t1 - t0) / 1e9, staged, (t3 - t1) / 1e9),
                "archive_mode is off in postgresql.auto.conf, so the restored server does not archive into the "
                        + "original's WAL; change it when this server takes over");
        return new RestoreReport(run.snapshot().shortId(), reached, staged,
                Duration.between(begin, repo.clock().instant()), notes);
    }

    static WalChain.Run choose(List<WalChain.Run> runs, PointInTime at) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no restorable base backup of " + "this source: every base backup "
                    + "lacks the WAL up to its end\nHINT: run `arca stream`, then `arca backup`, and check `arca recovery-points`");
        }
        if (at instanceof PointInTime.At a) {
            WalChain.Run best = null;
            for (WalChain.Run r : runs) {
                if (r.window().contains(a.time()) && (best == null || r.window().from().isAfter(best.window().from()))) {
                    best = r;
                }
            }
            if (best == null) {
                StringBuilder sb = new StringBuilder("target time " + a.time() + " is outside every recovery window:");
                for (WalChain.Run r : runs) {
                    RecoveryWindow w = r.window();
                    sb.append("\n  ").append(w.from()).append(" .. ").append(w.to()).append("  (base backup ")
                            .append(w.snapshot()).append(")");
                }
                sb.append("\nHINT: pick a time inside a window (see `arca recovery-points`), or `--at latest`");
                throw new IllegalArgumentException(sb.toString());
            }
            return best;
        }
        return runs.stream().max(java.util.Comparator.comparing((WalChain.Run r) -> r.window().to())
                .thenComparing(r -> r.window().from())).orElseThrow();
    }

    private static void prepareEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException("target directory " + dir + " is not empty; a restore never overwrites data"
                            + "\nHINT: give a new or empty directory with --target-dir");
                }
            }
        } else {
            Files.createDirectories(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private void extract(Repository repo, WalChain.Run run, Path dir) throws IOException {
        try (TarExtractor files = new TarExtractor(dir)) {
            new Restorer(repo, RestoreOptions.defaults()).restoreFile(run.snapshot(), "/" + BaseBackup.FILE, files);
        }
    }

    private static void configure(Path dir, String host, int port, Optional<Instant> time, int timeline) throws IOException {
        Files.writeString(dir.resolve("recovery.signal"), "");
        Path auto = dir.resolve("postgresql.auto.conf");
        List<String> lines = new ArrayList<>();
        if (Files.exists(auto)) {
            for (String l : Files.readAllLines(auto)) {
                if (!l.startsWith("# arca restore")) {
                    lines.add(l);
                }
            }
            int mark = lines.indexOf("# --- set by arca restore ---");
            if (mark >= 0) {
                lines = new ArrayList<>(lines.subList(0, mark));
            }
        }
        lines.add("# --- set by arca restore ---");
        String stage = dir.resolve(STAGE).toString();
        // Waits for the stager: a segment appears (renamed into place whole), or staging is done (so the
        // segment is not stored: "not found", which ends recovery) or failed (exit 127 aborts recovery
        // rather than promoting at the wrong point).
        lines.add("restore_command = 'f=\"%f\"; case \"$f\" in *.history|*.partial|*.backup) exit 1;; esac; "
                + "while [ ! -e \"" + stage + "/$f\" ]; do [ -e \"" + stage + "/" + WalStager.FAILED + "\" ] && exit 127; "
                + "[ -e \"" + stage + "/" + WalStager.DONE + "\" ] && exit 1; sleep 0.02; done; "
                + "exec cp \"" + stage + "/$f\" \"%p\"'");
        if (time.isPresent()) {
            lines.add("recovery_target_time = '" + PG_TIME.format(time.get()) + "'");
            lines.add("recovery_target_inclusive = on");
        }
        lines.add("recovery_target_action = 'promote'");
        lines.add("recovery_target_timeline = '" + timeline + "'");
        lines.add("port = " + port);
        lines.add("listen_addresses = '" + host + "'");
        lines.add("unix_socket_directories = ''");
        lines.add("archive_mode = off");
        lines.add("hot_standby = off");
        Files.write(auto, lines);
    }

    /** Starts the server without waiting: recovery may take long, and its end is watched by {@link #waitForPromotion}. */
    private void start(Path dir, Path log, String owner) throws IOException {
        List<String> argv = new ArrayList<>();
        if (isRoot() && !owner.equals("root")) {
            argv.addAll(List.of("runuser", "-u", owner, "--"));
        }
        argv.addAll(List.of(tools.path("pg_ctl").toString(), "-D", dir.toString(), "-l", log.toString(), "-W", "start"));
        ExternalCommand.of(argv).run();
    }

    /**
     * Waits until the server has left recovery (true) or has exited (false). While it replays, it refuses
     * connections (hot_standby is off), which is not a failure.
     */
    private boolean waitForPromotion(Path dir, String host, int port) throws IOException {
        PgConnection local = new PgConnection(host, port, source.user(), source.password());
        ServerProbe probe = new ServerProbe(local, tools);
        Path pid = dir.resolve("postmaster.pid");
        for (int i = 0; ; i++) {
            try {
                if ("f".equals(probe.value("SELECT pg_is_in_recovery()"))) {
                    return true;
                }
            } catch (IOException e) {
                // starting up or replaying
            }
            if (i > 20 && !Files.exists(pid)) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while PostgreSQL replays WAL");
            }
        }
    }

    private static IOException failed(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
        return new IOException("the restored PostgreSQL server did not start or recover; its log " + log + " ends:\n  "
                + String.join("\n  ", tail));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownIfRoot(Path dir, String owner) throws IOException {
        if (isRoot() && !owner.equals("root")) {
            ExternalCommand.of(List.of("chown", "-R", owner + ":", dir.toString())).run();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
