package dev.arca.protect.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Cache Directory Tagging convention (bford.info/cachedir): a directory whose {@code CACHEDIR.TAG}
 * starts with a fixed signature holds data that can be made again, such as a browser's or a build's
 * cache. Tar and borg leave such a directory's contents out but keep the tag, so that a restored
 * cache is still marked as one; so does Arca.
 */
final class CacheDirTag {
    static final String NAME = "CACHEDIR.TAG";
    private static final byte[] SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55".getBytes(StandardCharsets.US_ASCII);

    private CacheDirTag() {
    }

    /** Whether {@code dir} holds a regular file named {@value #NAME} that starts with the signature. */
    static boolean marks(Path dir) {
        Path tag = dir.resolve(NAME);
        if (!Files.isRegularFile(tag, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(tag, LinkOption.NOFOLLOW_LINKS)) {
            return Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE);
        } catch (IOException e) {
            // An unreadable tag marks nothing: the directory is backed up, and the tag's own read fails there.
            return false;
        }
    }

    static boolean isTag(Path entry) {
        return entry.getFileName().toString().equals(NAME);
    }
}
