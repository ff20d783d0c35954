package dev.arca.protect.mariadb;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A binlog file name, {@code <base>.<number>}: the server numbers files consecutively, so a hole is a lost file. */
record BinlogName(String base, long number, int digits) implements Comparable<BinlogName> {
    private static final Pattern NAME = Pattern.compile("(.+)\\.([0-9]{6,})");

    static Optional<BinlogName> parse(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Optional.of(new BinlogName(m.group(1), Long.parseLong(m.group(2)), m.group(2).length()))
                : Optional.empty();
    }

    static BinlogName of(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("not a binlog file name: " + name));
    }

    BinlogName next() {
        return new BinlogName(base, number + 1, digits);
    }

    @Override
    public int compareTo(BinlogName o) {
        int c = base.compareTo(o.base);
        return c != 0 ? c : Long.compare(number, o.number);
    }

    @Override
    public String toString() {
        return base + "." + String.format("%0" + digits + "d", number);
    }
}
