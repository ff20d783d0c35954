package dev.arca.protect.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.protect.names.NameBytes;
import dev.arca.repository.tree.RawText;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exclude patterns against names whose bytes are not UTF-8: byte for byte, not by the text the JDK shows. */
class ExcludesTest {
    private static final Path DIR = Path.of("/srv/uploads");

    private static Path named(byte... name) {
        return DIR.resolve(NameBytes.path(name).orElseThrow());
    }

    @Test
    void aPatternOfInvalidBytesMatchesThoseBytesOnly() {
        // This JVM runs with the launcher's --add-opens, as the tests do; without it there are no bytes to match.
        assumeTrue(NameBytes.available(), "java.base/sun.nio.fs is not open to this JVM");
        Path ff = named((byte) 'a', (byte) 0xff, (byte) '.', (byte) 't', (byte) 'm', (byte) 'p');
        Path fe = named((byte) 'a', (byte) 0xfe, (byte) '.', (byte) 't', (byte) 'm', (byte) 'p');
        assertThat(ff.toString()).isEqualTo(fe.toString()); // the JDK shows both as a\uFFFD.tmp

        Excludes byBytes = new Excludes(List.of(RawText.matchable(new byte[] {'a', (byte) 0xff, '*'})));
        assertThat(byBytes.excludes(ff, false)).isTrue();
        assertThat(byBytes.excludes(fe, false)).isFalse();

        Excludes oneByte = new Excludes(List.of("a?.tmp"));
        assertThat(oneByte.excludes(ff, false)).isTrue();
        assertThat(oneByte.excludes(fe, false)).isTrue();
        assertThat(new Excludes(List.of("*.tmp")).excludes(ff, false)).isTrue();

        // What the JDK shows is not what the name holds: U+FFFD itself matches only a name that holds it.
        Excludes shown = new Excludes(List.of("a\uFFFD.tmp"));
        assertThat(shown.excludes(ff, false)).isFalse();
        assertThat(shown.excludes(DIR.resolve("a\uFFFD.tmp"), false)).isTrue();

        Excludes wholePath = new Excludes(List.of(RawText.matchable(new byte[] {'/', 's', 'r', 'v', '/', '*', '/', 'a',
                (byte) 0xfe, '*'})));
        assertThat(wholePath.excludes(fe, false)).isTrue();
        assertThat(wholePath.excludes(ff, false)).isFalse();
    }
}
