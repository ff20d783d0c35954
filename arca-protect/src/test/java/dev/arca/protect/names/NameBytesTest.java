package dev.arca.protect.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests run with java.base/sun.nio.fs opened, as the launcher runs arca (RawNamesTest runs without). */
class NameBytesTest {
    @TempDir
    Path dir;

    @Test
    void aNameMadeOfBytesIsTheFileAListingGivesBackWithTheSameBytes() throws Exception {
        assertThat(NameBytes.available()).isTrue();
        byte[] name = {'x', (byte) 0xff, (byte) 0xc3, '.', 't'};
        Path made = dir.resolve(NameBytes.path(name).orElseThrow());
        Files.writeString(made, "content");

        try (Stream<Path> listed = Files.list(dir)) {
            Path only = listed.findFirst().orElseThrow();
            assertThat(only.getFileName().toString()).isEqualTo("x\uFFFD\uFFFD.t");
            assertThat(NameBytes.of(only.getFileName())).contains(name);
            assertThat(Files.readString(only)).isEqualTo("content");
        }
        // Text holding U+FFFD names another file: the character's own three bytes.
        assertThat(Files.exists(dir.resolve("x\uFFFD\uFFFD.t"))).isFalse();
    }

    @Test
    void noPathIsMadeOfNoBytes() {
        assertThat(NameBytes.path(new byte[0])).isEmpty();
        assertThat(NameBytes.of(Path.of("plain"))).contains("plain".getBytes());
    }

    @Test
    void aWholePathIsParsedAsTheJdkNormalisesOne() {
        byte[] odd = {'/', 'a', '/', '/', 'b', (byte) 0xff, '/', 'c', '/'};
        Path parsed = NameBytes.parse(odd).orElseThrow();
        assertThat(parsed.isAbsolute()).isTrue();
        assertThat(parsed.getNameCount()).isEqualTo(3);
        assertThat(NameBytes.of(parsed)).contains(new byte[] {'/', 'a', '/', 'b', (byte) 0xff, '/', 'c'});
        assertThat(NameBytes.parse("x/y".getBytes())).contains(Path.of("x/y"));
        assertThat(NameBytes.parse("/".getBytes())).contains(Path.of("/"));
        assertThat(NameBytes.parse(new byte[0])).isEmpty();
    }

    @Test
    void aPathIsShownWithEachInvalidByteEscaped() {
        assertThat(NameBytes.shown(NameBytes.parse(new byte[] {'/', 's', '/', 'd', (byte) 0xff, '/', 'x'}).orElseThrow()))
                .isEqualTo("/s/d\\xff/x");
        assertThat(NameBytes.shown(Path.of("/s/caf\u00e9"))).isEqualTo("/s/caf\u00e9");
    }
}
