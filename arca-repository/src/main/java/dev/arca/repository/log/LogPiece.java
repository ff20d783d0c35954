package dev.arca.repository.log;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stored part of a database log file: bytes {@code [offset, end)} of the file {@code log} of a
 * stream, all received by {@code time}.
 *
 * <p>The object name carries what listing needs without opening anything:
 * {@code <stream tag>.<kind letter>.<offset hex>.<end hex>.<time millis hex>.<log file name>}. The
 * stream tag is a keyed hash of the stream name, so the repository does not show which databases it
 * holds.
 */
public record LogPiece(String tag, String log, Kind kind, long offset, long end, Instant time) {
    private static final Pattern NAME =
            Pattern.compile("([0-9a-f]{16})\\.([pcf])\\.([0-9a-f]{1,16})\\.([0-9a-f]{1,16})\\.([0-9a-f]{1,16})\\.(.+)");

    /** How a piece came to be. */
    public enum Kind {
        /** Bytes shipped while the database was still writing the file: the RPO-bounding part. */
        LIVE('p'),
        /** A large part of a finished file, replacing the live pieces it covers. */
        PART('c'),
        /** The last part of a finished file: its end is the file's size. */
        FINAL('f');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        static Kind of(char letter) {
            for (Kind k : values()) {
                if (k.letter == letter) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no log piece kind '" + letter + "'");
        }
    }

    public LogPiece {
        if (offset < 0 || end < offset) {
            throw new IllegalArgumentException("log piece " + log + ": bad range [" + offset + ", " + end + ")");
        }
    }

    public long length() {
        return end - offset;
    }

    /** Where the piece is stored. */
    public ObjectKey key() {
        return ObjectKey.of(ObjectKind.LOGS, tag + "." + kind.letter + "." + Long.toHexString(offset) + "."
                + Long.toHexString(end) + "." + Long.toHexString(time.toEpochMilli()) + "." + log);
    }

    /** Reads a stored object's name back; empty for names that are not log pieces. */
    static Optional<LogPiece> parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        long offset = Long.parseUnsignedLong(m.group(3), 16);
        long end = Long.parseUnsignedLong(m.group(4), 16);
        if (offset < 0 || end < offset || !ObjectKey.isValidName(name)) {
            return Optional.empty();
        }
        return Optional.of(new LogPiece(m.group(1), m.group(6), Kind.of(m.group(2).charAt(0)), offset, end,
                Instant.ofEpochMilli(Long.parseUnsignedLong(m.group(5), 16))));
    }
}
