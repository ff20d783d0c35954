package dev.arca.protect.log;

import dev.arca.repository.Repository;
import dev.arca.repository.log.LogArchive;
import dev.arca.repository.log.LogFile;
import dev.arca.repository.log.LogPiece;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ships the log files a database tool writes into a spool directory to the repository's log area:
 * on every {@link #shipOnce()} the new bytes of files still being written as live pieces, and
 * finished files whole, after which their spool copy is deleted (the repository has them).
 *
 * <p>One shipper per stream and spool directory; it is not thread safe. What the repository already
 * holds is read once, at start, so a restarted shipper continues where the last one stopped.
 */
public final class LogShipper {
    private final LogArchive archive;
    private final String stream;
    private final Path spool;
    private final LogFormat format;
    private final Clock clock;
    private final Map<String, Long> shipped = new HashMap<>();
    private Instant newestShipped = Instant.EPOCH;
    private LogPiece confirmation;
    private int idleRounds;

    /**
     * Rounds that store nothing before a stream asks its server whether it is idle and then {@link #confirm}s:
     * one stored object per ten intervals of an idle database, not one per interval.
     */
    public static final int CONFIRM_AFTER_IDLE_ROUNDS = 10;

    /** What one round did. */
    public record Round(int piecesStored, long bytesStored, List<String> filesFinished) {
    }

    public LogShipper(Repository repo, String stream, Path spool, LogFormat format) throws IOException {
        this.archive = repo.logs();
        this.stream = stream;
        this.spool = spool;
        this.format = format;
        this.clock = repo.clock();
        for (LogFile f : archive.files(stream)) {
            shipped.put(f.log(), f.complete() ? Long.MAX_VALUE : f.end());
        }
    }

    /** When the newest shipped bytes had been received: nothing newer than this is lost if the host dies now. */
    public Instant newestShipped() {
        return newestShipped;
    }

    /** Stores what is new in the spool. */
    public Round shipOnce() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(spool)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (format.logName(n).isPresent()) {
                    names.add(n);
                }
            }
        }
        Collections.sort(names);
        int pieces = 0;
        long bytes = 0;
        List<String> finished = new ArrayList<>();
        for (String name : names) {
            String log = format.logName(name).orElseThrow();
            Path file = spool.resolve(name);
            long done = shipped.getOrDefault(log, 0L);
            // Taken before reading, so the time stored never claims more than was read.
            Instant now = clock.instant();
            try {
                long size = Files.size(file);
                if (format.finished(name, names)) {
                    if (done != Long.MAX_VALUE) {
                        try (InputStream in = Files.newInputStream(file)) {
                            archive.complete(stream, log, in, size, now);
                        }
                        pieces++;
                        bytes += size;
                        shipped.put(log, Long.MAX_VALUE);
                        finished.add(log);
                        newestShipped = now;
                    }
                    Files.deleteIfExists(file);
                    continue;
                }
                long written = format.writtenLength(file, size);
                while (written > done) {
                    byte[] data = read(file, done, (int) Math.min(written - done, LogArchive.PART_SIZE));
                    archive.append(stream, log, done, data, data.length, now);
                    pieces++;
                    bytes += data.length;
                    done += data.length;
                    shipped.put(log, done);
                }
                newestShipped = now;
            } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                // Renamed by the tool while we looked (a .partial segment that just finished): next round.
            }
        }
        return new Round(pieces, bytes, finished);
    }

    /** Asks the database whether the receiver holds everything it has written, as of now. */
    @FunctionalInterface
    public interface CaughtUp {
        boolean check() throws IOException;
    }

    /**
     * One {@link #shipOnce} round; after {@link #CONFIRM_AFTER_IDLE_ROUNDS} rounds in a row that stored
     * nothing, takes the time, asks {@code caughtUp}, ships again, and if the database had nothing the
     * repository lacks and nothing new arrived, {@link #confirm}s that time: the window of an idle database
     * runs on instead of ending at its last write.
     */
    public Round shipAndConfirmIdle(CaughtUp caughtUp) throws IOException {
        Round round = shipOnce();
        idleRounds = round.piecesStored() > 0 ? 0 : idleRounds + 1;
        if (idleRounds >= CONFIRM_AFTER_IDLE_ROUNDS) {
            idleRounds = 0;
            Instant asOf = clock.instant();
            if (caughtUp.check() && shipOnce().piecesStored() == 0) {
                confirm(asOf);
            }
        }
        return round;
    }

    /**
     * Records in the repository that the database had written nothing beyond what is stored by {@code asOf},
     * on the newest file it is still writing; the caller must have checked that with the database after
     * {@code asOf} and shipped since. The previous confirmation this shipper stored is removed.
     *
     * @return whether there was a file to confirm
     */
    public boolean confirm(Instant asOf) throws IOException {
        Optional<String> newest = shipped.entrySet().stream()
                .filter(e -> e.getValue() != Long.MAX_VALUE && e.getValue() > 0)
                .map(Map.Entry::getKey).max(String::compareTo);
        if (newest.isEmpty()) {
            return false;
        }
        LogPiece piece = archive.confirm(stream, newest.get(), shipped.get(newest.get()), asOf);
        if (confirmation != null && !confirmation.equals(piece)) {
            archive.removeConfirmation(confirmation);
        }
        confirmation = piece;
        return true;
    }

    private static byte[] read(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] data = new byte[length];
            f.seek(offset);
            f.readFully(data);
            return data;
        }
    }

    /** The files the repository holds for the stream now. */
    public List<LogFile> stored() throws IOException {
        return archive.files(stream);
    }

    /** How far the shipper has stored a log file; empty if it has not stored any of it. */
    public Optional<Long> shippedEnd(String log) {
        return Optional.ofNullable(shipped.get(log));
    }
}
