package dev.arca.protect.xattrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.repository.tree.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtendedAttributesTest {
    @TempDir
    Path dir;

    private static Node.Xattr xattr(String name, byte[] value) {
        return new Node.Xattr(name, Base64.getEncoder().encodeToString(value));
    }

    private static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    @Test
    void readsBackWhatWasWrittenByNameAsTheJdkSeesIt() throws IOException {
        assertThat(ExtendedAttributes.available()).isTrue();
        Path file = Files.writeString(dir.resolve("f"), "content");
        byte[] binary = {0, 1, (byte) 0xff, 0, 'x'};
        byte[] large = new byte[3000];
        java.util.Arrays.fill(large, (byte) 'v');
        ExtendedAttributes.write(file, xattr("user.zeta", binary));
        ExtendedAttributes.write(file, xattr("user.alpha", new byte[0]));
        ExtendedAttributes.write(file, xattr("user.large", large));

        assertThat(ExtendedAttributes.read(file)).containsExactly(xattr("user.alpha", new byte[0]),
                xattr("user.large", large), xattr("user.zeta", binary));
        // The JDK's own view of the user namespace, read through a descriptor: the same bytes.
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer got = ByteBuffer.allocate(view.size("zeta"));
        view.read("zeta", got);
        assertThat(got.array()).isEqualTo(binary);
        assertThat(view.list()).containsExactlyInAnyOrder("alpha", "large", "zeta");
    }

    @Test
    void anEntryWithoutAttributesHasNoneAndANamedPipeIsNotOpened() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThat(ExtendedAttributes.read(file)).isEmpty();
        // Opening a pipe would block here until it had a writer. Linux keeps user.* attributes on files and
        // directories only.
        assertThat(ExtendedAttributes.read(fifo)).isEmpty();
        assertThatThrownBy(() -> ExtendedAttributes.write(fifo, xattr("user.p", "pipe".getBytes())))
                .isInstanceOf(IOException.class).hasMessage("operation not permitted");
    }

    @Test
    void aSymlinkKeepsItsOwnAttributesApartFromItsTarget() throws IOException {
        assumeTrue(root(), "trusted.* attributes, the ones a symlink may have, need root");
        Path target = Files.writeString(dir.resolve("target"), "t");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
        ExtendedAttributes.write(link, xattr("trusted.link", "l".getBytes()));
        ExtendedAttributes.write(target, xattr("trusted.target", "t".getBytes()));

        assertThat(ExtendedAttributes.read(link)).containsExactly(xattr("trusted.link", "l".getBytes()));
        assertThat(ExtendedAttributes.read(target)).containsExactly(xattr("trusted.target", "t".getBytes()));
    }

    @Test
    void failuresSayWhy() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");

        assertThatThrownBy(() -> ExtendedAttributes.write(file, xattr("nonamespace.x", new byte[] {1})))
                .isInstanceOf(IOException.class).hasMessage("not supported by this file system")
                .satisfies(e -> assertThat(ExtendedAttributes.unsupported((IOException) e)).isTrue());
        assertThatThrownBy(() -> ExtendedAttributes.read(dir.resolve("missing")))
                .isInstanceOf(IOException.class)
                .hasMessage("extended attributes could not be listed: no such file or directory");
        assertThatThrownBy(() -> ExtendedAttributes.write(file, new Node.Xattr("user.x", "not base64!")))
                .isInstanceOf(IOException.class).hasMessage("the value is not base64");
        assertThat(ExtendedAttributes.read(file)).isEqualTo(List.of());
    }
}
