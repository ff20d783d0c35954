package dev.arca.protect.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Unpacks a tar stream into a directory as the bytes arrive: the base backup's {@code base.tar} goes from
 * the repository straight into the data directory, without a {@code tar} process, the pipe to it and the
 * two copies of every byte that costs. It knows what {@code pg_basebackup} writes (ustar: regular files,
 * directories, symbolic links, with GNU long names and pax path records for safety) and refuses anything
 * else, and any name that would land outside the directory. Ownership is left to the caller, which
 * hands the whole directory to the server's user.
 */
final class TarExtractor extends OutputStream {
    private static final int BLOCK = 512;
    private static final int WRITE_SLICE = 256 << 10;

    private final Path root;
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long contentLeft;      // of the current entry's content, still to come
    private long paddingLeft;      // zeros after it, up to the next block
    private FileChannel file;      // the regular file being written, or null
    private long position;
    private StringBuilder longName;  // content of a GNU 'L' or pax 'x' entry being read
    private char longKind;
    private String nextName;       // a name from such an entry, for the next header
    private int zeroBlocks;
    private final List<Mode> directories = new ArrayList<>();

    private record Mode(Path path, int mode) {
    }

    TarExtractor(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n;
            if (contentLeft > 0) {
                n = (int) Math.min(len, contentLeft);
                content(b, off, n);
                contentLeft -= n;
                if (contentLeft == 0) {
                    endEntry();
                }
            } else if (paddingLeft > 0) {
                n = (int) Math.min(len, paddingLeft);
                paddingLeft -= n;
            } else {
                n = Math.min(len, BLOCK - headerFill);
                System.arraycopy(b, off, header, headerFill, n);
                headerFill += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    header();
                }
            }
            off += n;
            len -= n;
        }
    }

    /** Finishes the last file and gives directories their modes (they were kept writable until now). */
    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
        if (contentLeft > 0 || headerFill > 0) {
            throw new IOException("tar stream ended inside an entry: the base backup is truncated");
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            Files.setPosixFilePermissions(directories.get(i).path(), permissions(directories.get(i).mode()));
        }
    }

    private void header() throws IOException {
        if (isZero(header)) {
            zeroBlocks++;
            return;
        }
        if (zeroBlocks > 0) {
            throw new IOException("tar stream has data after its end marker");
        }
        char type = (char) header[156];
        long size = number(124, 12);
        String name = nextName != null ? nextName : name();
        nextName = null;
        int mode = (int) number(100, 8) & 07777;
        contentLeft = size;
        paddingLeft = (BLOCK - size % BLOCK) % BLOCK;
        switch (type) {
            case '0', '\0', '7' -> {
                Path path = inside(name);
                Files.createDirectories(path.getParent());
                file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(path, permissions(mode));
                position = 0;
            }
            case '5' -> {
                if (!root.resolve(name).normalize().equals(root)) {
                    Path path = inside(name);
                    Files.createDirectories(path);
                    directories.add(new Mode(path, mode));
                }
            }
            case '2' -> {
                Path path = inside(name);
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, Path.of(text(157, 100)));
            }
            case 'L', 'x' -> {
                longKind = type;
                longName = new StringBuilder();
            }
            case 'g' -> {
                // Global pax records (comments, defaults) change nothing pg_basebackup relies on.
            }
            default -> throw new IOException("tar entry '" + name + "' has type '" + type
                    + "', which a base backup does not contain");
        }
        if (contentLeft == 0) {
            endEntry();
        }
    }

    private void content(byte[] b, int off, int n) throws IOException {
        if (file != null) {
            for (int done = 0; done < n; ) {
                ByteBuffer slice = ByteBuffer.wrap(b, off + done, Math.min(WRITE_SLICE, n - done));
                while (slice.hasRemaining()) {
                    int w = file.write(slice, position);
                    position += w;
                    done += w;
                }
            }
        } else if (longName != null) {
            longName.append(new String(b, off, n, StandardCharsets.UTF_8));
        }
    }

    private void endEntry() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
        if (longName != null) {
            nextName = longKind == 'L' ? trimNul(longName.toString()) : paxPath(longName.toString());
            longName = null;
        }
    }

    /** The {@code path} record of a pax extended header, or null when it has none. */
    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int eq = record.indexOf(" path=");
            if (eq >= 0) {
                return record.substring(eq + " path=".length());
            }
        }
        return null;
    }

    private String name() {
        String name = text(0, 100);
        String magic = text(257, 6);
        String prefix = magic.startsWith("ustar") ? text(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The entry's path under the root; names that would leave it are refused, never followed. */
    private Path inside(String name) throws IOException {
        Path relative = Path.of(name);
        Path path = root.resolve(relative).normalize();
        if (relative.isAbsolute() || !path.startsWith(root) || path.equals(root)) {
            throw new IOException("tar entry '" + name + "' would be written outside " + root);
        }
        for (Path p = path.getParent(); !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("tar entry '" + name + "' would be written through the symbolic link " + p);
            }
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("tar entry '" + name + "' is in the base backup twice");
        }
        return path;
    }

    private String text(int at, int length) {
        int end = at;
        while (end < at + length && header[end] != 0) {
            end++;
        }
        return new String(header, at, end - at, StandardCharsets.UTF_8);
    }

    /** An octal field, or a base-256 one (high bit set), which tar uses for sizes of 8 GiB and more. */
    private long number(int at, int length) throws IOException {
        if ((header[at] & 0x80) != 0) {
            long v = header[at] & 0x7F;
            for (int i = at + 1; i < at + length; i++) {
                v = (v << 8) | (header[i] & 0xFF);
            }
            return v;
        }
        String s = text(at, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("tar header of '" + text(0, 100) + "' has a bad number field: '" + s + "'");
        }
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
