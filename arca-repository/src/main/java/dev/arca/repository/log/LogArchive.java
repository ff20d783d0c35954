package dev.arca.repository.log;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.SealedObjects;
import dev.arca.repository.crypto.BlobHasher;
import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stores database log files in the repository's log area and reads them back.
 *
 * <p>While the database writes a file, the shipper stores each new stretch as a {@linkplain
 * LogPiece.Kind#LIVE live piece}: a crash loses at most what arrived since the last one. Once the file is
 * finished it is stored again in parts of at most {@link #PART_SIZE} ({@code PART}s, the last one
 * {@code FINAL}), and only then are its live pieces removed, so every instant of that swap leaves a
 * readable file.
 *
 * <p>Every piece is sealed like any other object; its plaintext starts with its own object name, so a
 * piece renamed or swapped by someone who can write to the storage is rejected on reading.
 */
public final class LogArchive {
    /**
     * Finished files are stored in parts of at most this size, so that a large binlog never has to fit in
     * memory; storing a part holds about four times its size at once (read, named, encoded, sealed), which
     * the launcher's small heap must afford while a backup runs beside the stream.
     */
    public static final int PART_SIZE = 8 << 20;

    private final SealedObjects objects;
    private final BlobHasher hasher;

    public LogArchive(SealedObjects objects, BlobHasher hasher) {
        this.objects = objects;
        this.hasher = hasher;
    }

    /** The stream's tag in object names: a keyed hash, so names do not say which database they hold. */
    public String tag(String stream) {
        return hasher.hash(("log-stream:" + stream).getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
    }

    /** Stores bytes {@code [offset, offset + length)} of a file the database is still writing. */
    public LogPiece append(String stream, String log, long offset, byte[] data, int length, Instant time) throws IOException {
        LogPiece piece = new LogPiece(tag(stream), log, LogPiece.Kind.LIVE, offset, offset + length, time);
        save(piece, data, length);
        return piece;
    }

    /**
     * Records that by {@code time} the database had written nothing beyond {@code end} of a file it is still
     * writing, which the caller has checked with the database itself: an empty live piece at {@code end}.
     * An idle database writes no log for hours, and without this its recovery window would end, and its
     * copies look stale, at its last write. Remove the previous confirmation with {@link
     * #removeConfirmation} once a newer one is stored; finishing the file removes them all.
     */
    public LogPiece confirm(String stream, String log, long end, Instant time) throws IOException {
        LogPiece piece = new LogPiece(tag(stream), log, LogPiece.Kind.LIVE, end, end, time);
        save(piece, new byte[0], 0);
        return piece;
    }

    /** Removes a confirmation that a newer one replaces. */
    public void removeConfirmation(LogPiece confirmation) throws IOException {
        if (confirmation.kind() != LogPiece.Kind.LIVE || confirmation.length() != 0) {
            throw new IllegalArgumentException("log piece " + confirmation.key() + " is not a confirmation");
        }
        objects.storage().remove(confirmation.key());
    }

    /**
     * Stores a finished file from {@code in} (its whole content, {@code size} bytes) and then removes its
     * live pieces.
     */
    public LogFile complete(String stream, String log, InputStream in, long size, Instant time) throws IOException {
        String tag = tag(stream);
        List<LogPiece> old = pieces(stream).stream().filter(p -> p.log().equals(log)).toList();
        List<LogPiece> parts = new ArrayList<>();
        byte[] buf = new byte[(int) Math.min(PART_SIZE, Math.max(size, 0))];
        long offset = 0;
        do {
            int n = (int) Math.min(PART_SIZE, size - offset);
            int read = in.readNBytes(buf, 0, n);
            if (read < n) {
                throw new IOException("log " + log + " of " + stream + ": file ended at " + (offset + read)
                        + " bytes, expected " + size);
            }
            boolean last = offset + n == size;
            LogPiece part = new LogPiece(tag, log, last ? LogPiece.Kind.FINAL : LogPiece.Kind.PART, offset, offset + n, time);
            save(part, buf, n);
            parts.add(part);
            offset += n;
        } while (offset < size);
        for (LogPiece p : old) {
            if (p.kind() == LogPiece.Kind.LIVE || !parts.contains(p)) {
                objects.storage().remove(p.key());
            }
        }
        return new LogFile(log, size, true, parts.getFirst().time(), time, parts);
    }

    /** Every stored piece of a stream, by file name and offset. */
    public List<LogPiece> pieces(String stream) throws IOException {
        String tag = tag(stream);
        List<LogPiece> out = new ArrayList<>();
        for (ObjectInfo info : objects.storage().list(ObjectKind.LOGS)) {
            LogPiece.parse(info.key().name()).filter(p -> p.tag().equals(tag)).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(LogPiece::log).thenComparingLong(LogPiece::offset).thenComparingLong(LogPiece::end));
        return out;
    }

    /** Every piece in the log area, of every stream, in name order. */
    public List<LogPiece> allPieces() throws IOException {
        List<LogPiece> out = new ArrayList<>();
        for (ObjectInfo info : objects.storage().list(ObjectKind.LOGS)) {
            LogPiece.parse(info.key().name()).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(p -> p.key().name()));
        return out;
    }

    /**
     * Stores one of this area's pieces in another repository's log area under the same name ({@code
     * arca copy}): opened and checked against its name with this repository's key, sealed with the
     * other's. The name stays valid there only because the stream tag is keyed by the id key, which a
     * copy target shares.
     *
     * @return the piece's length
     */
    public long copyTo(LogPiece piece, LogArchive target) throws IOException {
        byte[] data = open(piece);
        target.save(piece, data, data.length);
        return data.length;
    }

    /** What is stored of each file of a stream, by file name. */
    public List<LogFile> files(String stream) throws IOException {
        Map<String, List<LogPiece>> byLog = new TreeMap<>();
        for (LogPiece p : pieces(stream)) {
            byLog.computeIfAbsent(p.log(), k -> new ArrayList<>()).add(p);
        }
        List<LogFile> out = new ArrayList<>();
        byLog.forEach((log, pieces) -> out.add(summarise(log, pieces)));
        return out;
    }

    /** The stored state of one file, if any of it is stored. */
    public Optional<LogFile> file(String stream, String log) throws IOException {
        List<LogPiece> pieces = pieces(stream).stream().filter(p -> p.log().equals(log)).toList();
        return pieces.isEmpty() ? Optional.empty() : Optional.of(summarise(log, pieces));
    }

    /**
     * Writes the stored bytes of a file, from its start up to the first hole, to {@code out}; every piece
     * is authenticated on the way.
     *
     * @return how many bytes were written ({@link LogFile#end()})
     */
    public long copy(LogFile file, OutputStream out) throws IOException {
        long pos = 0;
        for (LogPiece p : chain(file.pieces())) {
            byte[] data = open(p);
            int skip = (int) (pos - p.offset());
            out.write(data, skip, data.length - skip);
            pos = p.end();
        }
        return pos;
    }

    /** Removes every piece of a file, finished parts last, so an interrupted removal leaves a readable prefix. */
    public void remove(LogFile file) throws IOException {
        List<LogPiece> order = new ArrayList<>(file.pieces());
        order.sort(Comparator.comparing((LogPiece p) -> p.kind() != LogPiece.Kind.LIVE).thenComparing(
                Comparator.comparingLong(LogPiece::offset).reversed()));
        for (LogPiece p : order) {
            objects.storage().remove(p.key());
        }
    }

    private void save(LogPiece piece, byte[] data, int length) throws IOException {
        byte[] name = piece.key().name().getBytes(StandardCharsets.US_ASCII);
        byte[] plain = new byte[name.length + 1 + length];
        System.arraycopy(name, 0, plain, 0, name.length);
        plain[name.length] = '\n';
        System.arraycopy(data, 0, plain, name.length + 1, length);
        try {
            objects.saveNamed(piece.key(), plain);
        } catch (ObjectExistsException e) {
            // The name fixes the range and time: a retry after a lost reply stored the same bytes.
        }
    }

    private byte[] open(LogPiece piece) throws IOException {
        byte[] plain = objects.load(piece.key());
        byte[] name = piece.key().name().getBytes(StandardCharsets.US_ASCII);
        if (plain.length != name.length + 1 + piece.length()
                || !Arrays.equals(plain, 0, name.length, name, 0, name.length) || plain[name.length] != '\n') {
            throw new CorruptObjectException(objects.storage().location() + ": " + piece.key()
                    + ": content is not the log piece its name says (moved or replaced)");
        }
        return Arrays.copyOfRange(plain, name.length + 1, plain.length);
    }

    private static LogFile summarise(String log, List<LogPiece> pieces) {
        List<LogPiece> chain = chain(pieces);
        long end = chain.isEmpty() ? 0 : chain.getLast().end();
        boolean complete = chain.stream().anyMatch(p -> p.kind() == LogPiece.Kind.FINAL && p.end() == end);
        Instant first = chain.isEmpty() ? pieces.getFirst().time() : chain.getFirst().time();
        Instant last = chain.stream().map(LogPiece::time).max(Comparator.naturalOrder()).orElse(first);
        if (!complete && !chain.isEmpty()) {
            for (LogPiece p : pieces) {
                if (p.kind() == LogPiece.Kind.LIVE && p.length() == 0 && p.offset() == end && p.time().isAfter(last)) {
                    last = p.time(); // a confirmation (see confirm): nothing beyond end had been written by then
                }
            }
        }
        return new LogFile(log, end, complete, first, last, pieces);
    }

    /**
     * The pieces that together cover the file from its start without a hole, preferring finished parts;
     * stops at the first hole.
     */
    static List<LogPiece> chain(List<LogPiece> pieces) {
        List<LogPiece> out = new ArrayList<>();
        long pos = 0;
        while (true) {
            LogPiece best = null;
            for (LogPiece p : pieces) {
                if (p.offset() <= pos && p.end() > pos && (best == null || better(p, best))) {
                    best = p;
                }
            }
            if (best == null) {
                // A finished empty file is one empty FINAL piece.
                if (pos == 0) {
                    pieces.stream().filter(p -> p.kind() == LogPiece.Kind.FINAL && p.end() == 0).findFirst().ifPresent(out::add);
                }
                return out;
            }
            out.add(best);
            pos = best.end();
        }
    }

    private static boolean better(LogPiece a, LogPiece b) {
        boolean aDone = a.kind() != LogPiece.Kind.LIVE;
        boolean bDone = b.kind() != LogPiece.Kind.LIVE;
        if (aDone != bDone) {
            return aDone;
        }
        return a.end() > b.end();
    }
}
