package dev.arca.protect.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB/MySQL binlogs as {@code mariadb-binlog --raw} writes them: {@code <base>.<number>}, appended
 * to as events arrive. A file is finished once the server has rotated to a later one, because the raw
 * client only opens the next file after the rotate event that ends the previous one.
 */
public final class BinlogFormat implements LogFormat {
    private static final Pattern BINLOG = Pattern.compile("(.+)\\.([0-9]{6,})");

    @Override
    public Optional<String> logName(String fileName) {
        return BINLOG.matcher(fileName).matches() ? Optional.of(fileName) : Optional.empty();
    }

    @Override
    public long writtenLength(Path file, long size) {
        return size;
    }

    @Override
    public boolean finished(String fileName, List<String> spoolFileNames) {
        Matcher m = BINLOG.matcher(fileName);
        if (!m.matches()) {
            return false;
        }
        long number = Long.parseLong(m.group(2));
        for (String other : spoolFileNames) {
            Matcher o = BINLOG.matcher(other);
            if (o.matches() && o.group(1).equals(m.group(1)) && Long.parseLong(o.group(2)) > number) {
                return true;
            }
        }
        return false;
    }
}
