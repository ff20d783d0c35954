package dev.arca.protect.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timeline history file ({@code 00000002.history}), which PostgreSQL writes when a server is promoted:
 * every timeline the new one descends from, oldest first, each with the WAL position where it was left.
 * The WAL of a base backup taken before a failover reaches past it only through these files.
 *
 * @param timeline the timeline the file describes
 * @param switches its ancestors in order, each left for the next (the last for {@code timeline}) at {@code at}
 */
record TimelineHistory(int timeline, List<Switch> switches) {
    private static final Pattern NAME = Pattern.compile("([0-9A-F]{8})\\.history");
    private static final Pattern LINE = Pattern.compile("\\s*(\\d+)\\s+([0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8})(\\s.*)?");

    /** One ancestor: {@code parent} was left at {@code at}. */
    record Switch(int parent, Lsn at) {
    }

    TimelineHistory {
        switches = List.copyOf(switches);
    }

    /** The timeline a history file's name describes, or empty for any other file. */
    static Optional<Integer> timelineOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Optional.of(Integer.parseUnsignedInt(m.group(1), 16)) : Optional.empty();
    }

    /**
     * Reads a history file as PostgreSQL does: one {@code parentTLI <tab> switchpoint <tab> reason} line per
     * ancestor, blank lines and {@code #} comments skipped; parents must rise and stay below the timeline.
     */
    static TimelineHistory parse(String fileName, String text) {
        int timeline = timelineOf(fileName).orElseThrow(() -> new IllegalArgumentException(
                "'" + fileName + "' is not a timeline history file name; expected like 00000002.history"));
        List<Switch> switches = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            String where = "WAL history file " + fileName + ", line " + (i + 1) + ": ";
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "expected '<parent timeline> <switch LSN> <reason>', got '"
                        + line + "'");
            }
            int parent = Integer.parseInt(m.group(1));
            int previous = switches.isEmpty() ? 0 : switches.getLast().parent();
            if (parent <= previous || parent >= timeline) {
                throw new IllegalArgumentException(where + "parent timeline " + parent + " must be above " + previous
                        + " and below " + timeline);
            }
            switches.add(new Switch(parent, Lsn.parse(m.group(2))));
        }
        return new TimelineHistory(timeline, switches);
    }
}
