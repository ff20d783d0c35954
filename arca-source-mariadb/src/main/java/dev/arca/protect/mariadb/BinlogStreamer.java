package dev.arca.protect.mariadb;

import dev.arca.protect.log.BinlogFormat;
import dev.arca.protect.log.LogShipper;
import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.StreamControl;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code mariadb-binlog --read-from-remote-server --raw --stop-never} running into a spool
 * directory and ships what it writes every interval.
 *
 * <p>When the tool exits (the server restarted, the network dropped) it is started again, with a growing
 * pause, from the newest binlog file the repository or the spool holds. It then downloads that file
 * again from its start; the shipper knows how far the file is stored and stores only what lies beyond.
 * When the server no longer has that file, the changes in it are lost to the stream: that gap is
 * reported as an event starting with {@code GAP:}, and the stream goes on from the server's oldest file.
 */
final class BinlogStreamer {
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final SqlClient client;
    private final Repository repo;
    private final String stream;
    private final Path spool;
    private final StreamControl control;
    private final Optional<BinlogName> dumpFile;
    private final List<String> gaps = new ArrayList<>();

    /** @param dumpFile the binlog file of the newest dump: where a stream with nothing stored yet starts */
    BinlogStreamer(SqlClient client, Repository repo, String stream, Path spool, StreamControl control,
                   Optional<BinlogName> dumpFile) {
        this.client = client;
        this.repo = repo;
        this.stream = stream;
        this.spool = spool;
        this.control = control;
        this.dumpFile = dumpFile;
    }

    /** The gaps reported so far, one message each. */
    List<String> gaps() {
        return List.copyOf(gaps);
    }

    void run() throws IOException, InterruptedException {
        Files.createDirectories(spool);
        client.require(List.of("REPLICATION SLAVE", "REPLICATION CLIENT"), "binlog streaming");
        LogShipper shipper = new LogShipper(repo, stream, spool, new BinlogFormat());
        Duration pause = FIRST_PAUSE;
        while (!stopped()) {
            BinlogName start;
            try {
                start = startFile(shipper);
            } catch (MariadbException e) {
                event(e.getMessage().lines().findFirst().orElse("") + "; trying again in " + seconds(pause));
                sleep(pause);
                pause = longer(pause);
                continue;
            }
            event("streaming binlogs of " + stream + " from " + client.endpoint().address() + ", starting at " + start);
            Instant began = Instant.now();
            List<String> said;
            int code;
            try (ExternalCommand.Running tool = command(start).start(line -> { })) {
                while (!stopped() && !tool.process().waitFor(control.interval().toMillis(), TimeUnit.MILLISECONDS)) {
                    try {
                        shipper.shipAndConfirmIdle(() -> caughtUp(shipper));
                    } catch (IOException e) {
                        storeLater(e);
                    }
                }
                tool.close();
                try {
                    tool.waitOk();
                    code = 0;
                    said = List.of();
                } catch (CommandFailedException e) {
                    code = e.exitCode();
                    said = e.errorTail();
                }
            }
            ship(shipper);
            if (stopped()) {
                break;
            }
            if (Duration.between(began, Instant.now()).compareTo(LONGEST_PAUSE) > 0) {
                pause = FIRST_PAUSE;
            }
            event("mariadb-binlog stopped (exit code " + code + (said.isEmpty() ? "" : ": " + said.getLast())
                    + "); restarting in " + seconds(pause));
            sleep(pause);
            pause = longer(pause);
        }
        event("binlog streaming of " + stream + " stopped");
    }

    private ExternalCommand command(BinlogName start) {
        // The trailing separator makes --result-file a prefix: the tool names each file as the server does.
        return client.command("mariadb-binlog", List.of("--read-from-remote-server", "--raw", "--stop-never",
                "--result-file=" + spool.toAbsolutePath() + "/", start.toString()));
    }

    /**
     * Where to start: after what is already stored, else at the newest dump's file, else at the server's
     * oldest file. A file the server no longer has is a gap.
     */
    private BinlogName startFile(LogShipper shipper) throws IOException {
        List<String> onServer = client.column("SHOW BINARY LOGS");
        TreeSet<BinlogName> serverFiles = new TreeSet<>();
        onServer.forEach(n -> BinlogName.parse(n).ifPresent(serverFiles::add));
        if (serverFiles.isEmpty()) {
            throw new MariadbException(client.server() + " lists no binary logs", "check log_bin on the server");
        }
        Optional<BinlogName> want = held(shipper).or(() -> dumpFile);
        if (want.isEmpty()) {
            return serverFiles.first();
        }
        if (serverFiles.contains(want.get())) {
            return want.get();
        }
        BinlogName oldest = serverFiles.first();
        String gap = "GAP: " + client.server() + " no longer has binlog " + want.get() + " (its oldest is " + oldest
                + "): the changes from " + want.get() + " up to " + oldest
                + " are lost to the stream, and recovery windows end before them";
        gaps.add(gap);
        event(gap + "\nHINT: take a new backup now so that a new recovery window starts, and keep binlogs on the "
                + "server longer than the stream can be down (binlog_expire_logs_seconds)");
        isolateOlderThan(oldest, shipper);
        return oldest;
    }

    /**
     * The newest file stored or spooled; the next one if that file is stored whole (the stream already
     * moved past it).
     */
    private Optional<BinlogName> held(LogShipper shipper) throws IOException {
        TreeSet<BinlogName> names = new TreeSet<>();
        List<LogFile> stored = shipper.stored();
        stored.forEach(f -> BinlogName.parse(f.log()).ifPresent(names::add));
        names.addAll(spooled());
        if (names.isEmpty()) {
            return Optional.empty();
        }
        BinlogName newest = names.last();
        boolean whole = stored.stream().anyMatch(f -> f.log().equals(newest.toString()) && f.complete());
        return Optional.of(whole && !spooled().contains(newest) ? newest.next() : newest);
    }

    /**
     * Ships and then removes spooled files older than where the stream resumes: they end where the
     * connection was lost, and left in the spool the shipper would take them as finished once a newer
     * file appears, and the repository would hold a cut file as whole.
     */
    private void isolateOlderThan(BinlogName resume, LogShipper shipper) throws IOException {
        ship(shipper);
        for (BinlogName n : spooled()) {
            if (n.compareTo(resume) < 0) {
                Files.deleteIfExists(spool.resolve(n.toString()));
            }
        }
    }

    private TreeSet<BinlogName> spooled() throws IOException {
        TreeSet<BinlogName> names = new TreeSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(spool)) {
            for (Path p : dir) {
                BinlogName.parse(p.getFileName().toString()).ifPresent(names::add);
            }
        }
        return names;
    }

    private void ship(LogShipper shipper) {
        try {
            shipper.shipOnce();
        } catch (IOException e) {
            storeLater(e);
        }
    }

    /** The spool keeps the bytes; the next round stores them. */
    private void storeLater(IOException e) {
        event("cannot store binlogs of " + stream + " yet: " + e.getMessage());
    }

    /**
     * Whether the server's binlog position is where the stored copy of that file ends: then every commit
     * before the question is in the repository ({@link LogShipper#shipAndConfirmIdle}).
     */
    private boolean caughtUp(LogShipper shipper) {
        try {
            List<String> status = client.query("SHOW MASTER STATUS").getFirst();
            return shipper.shippedEnd(status.getFirst()).orElse(-1L) >= Long.parseLong(status.get(1));
        } catch (IOException | java.util.NoSuchElementException | IndexOutOfBoundsException | NumberFormatException e) {
            return false; // no binlog status, or no answer; the stream itself reports a server it cannot reach
        }
    }

    private boolean stopped() {
        return control.stop().get();
    }

    private void sleep(Duration pause) throws InterruptedException {
        long until = System.nanoTime() + pause.toNanos();
        while (!stopped() && System.nanoTime() < until) {
            Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    private static Duration longer(Duration pause) {
        Duration d = pause.multipliedBy(2);
        return d.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : d;
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    private void event(String line) {
        control.events().accept(line);
    }
}
