package dev.arca.protect.postgres;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WAL segment file name: timeline, then the segment number split in two 8-digit halves, the low half
 * counting segments within 4 GiB of WAL ({@code 000000010000000A000000FF}).
 */
record WalSegment(int timeline, long number) {
    private static final Pattern NAME = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})");

    static String name(int timeline, long number, long segmentSize) {
        long perId = 0x100000000L / segmentSize;
        return String.format("%08X%08X%08X", timeline, number / perId, number % perId);
    }

    static Optional<WalSegment> parse(String name, long segmentSize) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        long perId = 0x100000000L / segmentSize;
        return Optional.of(new WalSegment(Integer.parseUnsignedInt(m.group(1), 16),
                Long.parseLong(m.group(2), 16) * perId + Long.parseLong(m.group(3), 16)));
    }

    String name(long segmentSize) {
        return name(timeline, number, segmentSize);
    }
}
