package dev.arca.protect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.repository.tree.Node;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * statx gives every entry exactly the node the JDK's attribute view gives: a parent snapshot's nodes
 * were read the JDK's way, and one number off (the device, a time's nanoseconds) would make every
 * unchanged file look changed.
 */
class NodeReaderTest {
    @TempDir
    Path dir;

    @Test
    void statxGivesTheSameNodeAsTheJdkForEveryKindOfEntry() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && Runtime.version().feature() >= 22);
        assertThat(Statx.available()).as("statx through the foreign-function API on Linux, JDK 22+").isTrue();
        List<Path> entries = new ArrayList<>();
        Path file = Files.writeString(dir.resolve("file.txt"), "some content");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-04T05:06:07.123456789Z")));
        entries.add(file);
        entries.add(Files.createLink(dir.resolve("hard-link"), file));
        entries.add(Files.write(dir.resolve("empty"), new byte[0]));
        entries.add(Files.writeString(dir.resolve("prénom-été.txt"), "non-ASCII name"));
        entries.add(Files.createDirectory(dir.resolve("sub")));
        entries.add(Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt")));
        entries.add(Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere")));
        entries.add(dir);
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        entries.add(fifo);
        Path socket = dir.resolve("socket");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            entries.add(socket);
            entries.add(Path.of("/dev/null"));
            entries.add(Path.of("/proc/self/status"));
            for (Path p : entries) {
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                assertThat(Statx.read(p)).as(p.toString()).isPresent();
                NodeReader.viaJdk(p, name); // reading a symlink's target moves its access time, once (relatime)
                assertThat(NodeReader.read(p, name)).as(p.toString()).isEqualTo(NodeReader.viaJdk(p, name));
            }
        }
    }

    @Test
    void aNameThatIsNotValidInTheFileNameEncodingIsReadTheJdksWay() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        // bash writes the byte 0xff, which no UTF-8 text holds; the JDK keeps the bytes inside its Path.
        Process p = new ProcessBuilder("bash", "-c", "printf x > $'\\xffname'").directory(dir.toFile()).start();
        assertThat(p.waitFor()).isZero();
        Path odd;
        try (var s = Files.list(dir)) {
            odd = s.findFirst().orElseThrow();
        }
        assertThat(odd.toString()).contains("\uFFFD");
        assertThat(Statx.read(odd)).isEmpty();
        Node node = NodeReader.read(odd, odd.getFileName().toString());
        assertThat(node.size()).isEqualTo(1);
        assertThat(node.type()).isEqualTo(Node.Type.FILE);
    }

    @Test
    void aMissingEntryIsTheJdksErrorNamingIt() {
        Path missing = dir.resolve("missing");
        assertThat(Statx.read(missing)).isEmpty();
        assertThatThrownBy(() -> NodeReader.read(missing, "missing")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theDeviceNumberIsComposedAsGlibcComposesIt() {
        // makedev(3): the low 8 bits of the minor, then 12 of the major, then the rest of each.
        assertThat(Statx.makedev(8, 1)).isEqualTo(0x801L);
        assertThat(Statx.makedev(259, 3)).isEqualTo(0x10303L);
        assertThat(Statx.makedev(0x12345, 0x6789a)).isEqualTo(0x000120006783459aL);
        assertThat(Statx.makedev(0, 0)).isZero();
    }
}
