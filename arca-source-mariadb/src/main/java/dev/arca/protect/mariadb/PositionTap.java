package dev.arca.protect.mariadb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a {@code mariadb-dump --master-data=2 --gtid} stream on its way into the repository for the
 * comment lines that say where the binlog stood when the dump's transaction began, so the dump is
 * never staged on disk to be read twice.
 *
 * <p>The time the position line passes is kept as the dump's consistency time: the dump writes it only
 * after its consistent snapshot is taken, so no transaction in the dump is newer, which is what a
 * recovery window must start from.
 */
final class PositionTap extends FilterInputStream {
    private static final Pattern POSITION =
            Pattern.compile("-- CHANGE MASTER TO MASTER_LOG_FILE='([^']+)', MASTER_LOG_POS=([0-9]+);");
    private static final Pattern GTID = Pattern.compile("-- SET GLOBAL gtid_slave_pos='([^']*)';");
    /** Comment lines are short; data lines (multi-megabyte INSERTs) are not kept. */
    private static final int LINE_LIMIT = 1024;

    private final Clock clock;
    private final byte[] line = new byte[LINE_LIMIT];
    private int lineLength;
    private boolean overlong;
    private String binlogFile;
    private long binlogPosition = -1;
    private String gtid;
    private Instant seenAt;

    PositionTap(InputStream in, Clock clock) {
        super(in);
        this.clock = clock;
    }

    Optional<String> binlogFile() {
        return Optional.ofNullable(binlogFile);
    }

    long binlogPosition() {
        return binlogPosition;
    }

    Optional<String> gtid() {
        return Optional.ofNullable(gtid);
    }

    /** When the position line passed: the dump's consistent snapshot is no newer. */
    Optional<Instant> seenAt() {
        return Optional.ofNullable(seenAt);
    }

    /** All the dump said about its binlog position, once it has been read to the end. */
    Optional<BinlogPosition> position() {
        return binlogFile().map(f -> new BinlogPosition(f, binlogPosition, gtid(), seenAt));
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = 0; i < n; i++) {
            see(b[off + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would hide bytes from the scan; read them instead.
        return Math.max(0, read(new byte[(int) Math.max(0, Math.min(n, 8192))]));
    }

    private void see(byte b) {
        if (b == '\n') {
            if (!overlong && lineLength > 3 && line[0] == '-' && line[1] == '-') {
                parse(new String(line, 0, lineLength, StandardCharsets.UTF_8));
            }
            lineLength = 0;
            overlong = false;
        } else if (lineLength < LINE_LIMIT) {
            line[lineLength++] = b;
        } else {
            overlong = true;
        }
    }

    private void parse(String text) {
        Matcher p = POSITION.matcher(text);
        if (p.lookingAt() && binlogFile == null) {
            binlogFile = p.group(1);
            binlogPosition = Long.parseLong(p.group(2));
            seenAt = clock.instant();
            return;
        }
        Matcher g = GTID.matcher(text);
        if (g.lookingAt()) {
            gtid = g.group(1);
        }
    }
}
