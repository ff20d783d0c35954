package dev.arca.protect.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A WAL position, written as PostgreSQL writes it: {@code 16/B374D848}. */
record Lsn(long value) implements Comparable<Lsn> {
    private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    static Lsn parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a WAL position (LSN): '" + text + "'; expected like 0/16B3748");
        }
        return new Lsn((Long.parseLong(m.group(1), 16) << 32) | Long.parseLong(m.group(2), 16));
    }

    /** The WAL segment file holding this position, on {@code timeline}. */
    String segment(int timeline, long segmentSize) {
        return WalSegment.name(timeline, Long.divideUnsigned(value, segmentSize), segmentSize);
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
