package dev.arca.protect.postgres;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Passes a tar stream through unchanged while keeping the content of a few named entries, so that the
 * base backup's {@code backup_label} and {@code backup_manifest} (start and end of the WAL it needs)
 * are known without a second read or a local copy.
 */
final class TarTap extends FilterInputStream {
    private static final int BLOCK = 512;
    private static final int MAX_KEPT = 64 << 20;

    private final Set<String> wanted;
    private final Map<String, byte[]> kept = new HashMap<>();
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long remaining;      // bytes of the current entry's content (with padding) still to pass
    private long contentLeft;    // of those, real content
    private ByteArrayOutputStream capture;
    private String current;

    TarTap(InputStream in, Set<String> wanted) {
        super(in);
        this.wanted = wanted;
    }

    Map<String, byte[]> kept() {
        return kept;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            observe(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    private void observe(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (remaining > 0) {
                int take = (int) Math.min(remaining, end - i);
                if (capture != null && contentLeft > 0) {
                    int c = (int) Math.min(take, contentLeft);
                    if (capture.size() + c <= MAX_KEPT) {
                        capture.write(b, i, c);
                    }
                }
                contentLeft = Math.max(0, contentLeft - take);
                remaining -= take;
                i += take;
                if (remaining == 0 && capture != null) {
                    kept.put(current, capture.toByteArray());
                    capture = null;
                }
                continue;
            }
            int take = Math.min(BLOCK - headerFill, end - i);
            System.arraycopy(b, i, header, headerFill, take);
            headerFill += take;
            i += take;
            if (headerFill == BLOCK) {
                headerFill = 0;
                startEntry();
            }
        }
    }

    private void startEntry() {
        if (header[0] == 0) {
            return; // end-of-archive blocks
        }
        String name = cString(0, 100);
        String prefix = cString(345, 155);
        if (!prefix.isEmpty()) {
            name = prefix + "/" + name;
        }
        long size = parseOctal(124, 12);
        remaining = (size + BLOCK - 1) / BLOCK * BLOCK;
        contentLeft = size;
        current = name;
        capture = wanted.contains(name) ? new ByteArrayOutputStream() : null;
        if (remaining == 0 && capture != null) {
            kept.put(name, new byte[0]);
            capture = null;
        }
    }

    private String cString(int offset, int length) {
        int e = offset;
        while (e < offset + length && header[e] != 0) {
            e++;
        }
        return new String(header, offset, e - offset, StandardCharsets.UTF_8);
    }

    private long parseOctal(int offset, int length) {
        if ((header[offset] & 0x80) != 0) { // base-256 for sizes of 8 GiB and more
            long v = 0;
            for (int k = offset + 1; k < offset + length; k++) {
                v = (v << 8) | (header[k] & 0xFF);
            }
            return v;
        }
        long v = 0;
        for (int k = offset; k < offset + length; k++) {
            byte c = header[k];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
            } else if (v > 0 || (c != ' ' && c != 0)) {
                if (c == ' ' || c == 0) {
                    break;
                }
            }
        }
        return v;
    }
}
