package dev.arca.protect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arca's tar unpacking against GNU tar's packing, in each format tar writes. */
class TarExtractorTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "--format={0}")
    @ValueSource(strings = {"ustar", "gnu", "pax"})
    void unpacksWhatTarPacksWithModesLinksAndLongNames(String format) throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("base/16384"));
        Files.createDirectories(source.resolve("pg_wal/archive_status"));
        Files.write(source.resolve("PG_VERSION"), "15\n".getBytes(StandardCharsets.US_ASCII));
        byte[] big = new byte[3 * 1024 * 1024 + 77];
        new Random(1).nextBytes(big);
        Files.write(source.resolve("base/16384/16397"), big);
        Files.write(source.resolve("base/16384/empty"), new byte[0]);
        String deep = "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(40);
        Files.createDirectories(source.resolve(deep).getParent());
        Files.writeString(source.resolve(deep), "long name");
        Files.createSymbolicLink(source.resolve("pg_tblspc_link"), Path.of("base/16384"));
        Files.setPosixFilePermissions(source.resolve("PG_VERSION"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(source.resolve("base"), PosixFilePermissions.fromString("rwx------"));
        Path tar = dir.resolve("base.tar");
        Process p = new ProcessBuilder("tar", "--format=" + format, "-c", "-f", tar.toString(), "-C", source.toString(), ".")
                .inheritIO().start();
        assertThat(p.waitFor()).isZero();

        Path target = dir.resolve("target");
        Files.createDirectories(target);
        byte[] bytes = Files.readAllBytes(tar);
        try (TarExtractor out = new TarExtractor(target)) {
            // Odd write sizes, so headers and contents are split across calls as the repository splits them.
            Random sizes = new Random(2);
            for (int at = 0; at < bytes.length; ) {
                int n = Math.min(bytes.length - at, 1 + sizes.nextInt(70_000));
                out.write(bytes, at, n);
                at += n;
            }
        }

        assertThat(listing(target)).isEqualTo(listing(source));
        assertThat(Files.readAllBytes(target.resolve("base/16384/16397"))).isEqualTo(big);
        assertThat(Files.readSymbolicLink(target.resolve("pg_tblspc_link"))).isEqualTo(Path.of("base/16384"));
    }

    @Test
    void aNameOutsideTheDirectoryIsRefused() {
        byte[] header = new byte[1024 + 512];
        byte[] name = "../escaped".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        put(header, 100, "0000644");
        put(header, 124, "00000000000");
        header[156] = '0';
        put(header, 257, "ustar");

        assertThatThrownBy(() -> {
            try (TarExtractor out = new TarExtractor(dir)) {
                out.write(header, 0, header.length);
            }
        }).isInstanceOf(IOException.class).hasMessage("tar entry '../escaped' would be written outside " + dir);
        assertThat(dir.resolveSibling("escaped")).doesNotExist();
    }

    @Test
    void aStreamThatEndsInsideAFileIsATruncatedBackup() throws IOException {
        byte[] header = new byte[512 + 100];
        put(header, 0, "file");
        put(header, 100, "0000644");
        put(header, 124, "00000001000");
        header[156] = '0';
        put(header, 257, "ustar");
        TarExtractor out = new TarExtractor(dir);
        out.write(header, 0, header.length);
        assertThatThrownBy(out::close).isInstanceOf(IOException.class)
                .hasMessage("tar stream ended inside an entry: the base backup is truncated");
    }

    private static void put(byte[] header, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }

    /** Every path with its type, mode and size. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String kind = Files.isSymbolicLink(p) ? "link" : Files.isDirectory(p) ? "dir" : "file";
                String mode = kind.equals("link") ? "" : PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                long size = kind.equals("file") ? Files.size(p) : 0;
                out.put(root.relativize(p).toString(), kind + " " + mode + " " + size);
            }
        }
        return out;
    }
}
