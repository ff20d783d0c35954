package dev.arca.protect.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL WAL as {@code pg_receivewal} writes it: segments named by 24 hex digits, the one being
 * written with a {@code .partial} suffix, and timeline history files. {@code pg_receivewal} fills a
 * partial segment to its full size with zeros before writing, so the written part ends at the last
 * non-zero byte; trailing zeros that are real WAL are shipped with the next piece or the finished segment.
 */
public final class WalFormat implements LogFormat {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");
    private static final String PARTIAL = ".partial";

    @Override
    public Optional<String> logName(String fileName) {
        String base = fileName.endsWith(PARTIAL) ? fileName.substring(0, fileName.length() - PARTIAL.length()) : fileName;
        if (SEGMENT.matcher(base).matches() || (HISTORY.matcher(fileName).matches())) {
            return Optional.of(base);
        }
        return Optional.empty();
    }

    @Override
    public long writtenLength(Path file, long size) throws IOException {
        if (!file.getFileName().toString().endsWith(PARTIAL)) {
            return size;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] buf = new byte[64 << 10];
            long end = size;
            while (end > 0) {
                int n = (int) Math.min(buf.length, end);
                f.seek(end - n);
                f.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] != 0) {
                        return end - n + i + 1;
                    }
                }
                end -= n;
            }
            return 0;
        }
    }

    @Override
    public boolean finished(String fileName, List<String> spoolFileNames) {
        return !fileName.endsWith(PARTIAL);
    }
}
