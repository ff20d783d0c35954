package dev.arca.protect.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncludeFilterTest {
    @Test
    void normalizesPaths() {
        assertThat(IncludeFilter.normalize("srv//data/./config/")).isEqualTo("/srv/data/config");
        assertThat(IncludeFilter.normalize("/")).isEmpty();
        assertThatThrownBy(() -> IncludeFilter.normalize("/srv/../etc")).hasMessageContaining("'..'");
    }

    @Test
    void entersTheWayToAnIncludeButSelectsOnlyBelowIt() throws NoSuchFileException {
        IncludeFilter filter = IncludeFilter.of(List.of("/srv/data"));

        assertThat(filter.enters("/srv")).isTrue();
        assertThat(filter.selects("/srv")).isFalse();
        assertThat(filter.enters("/srv/database")).isFalse();
        assertThat(filter.enters("/etc")).isFalse();
        assertThat(filter.selects("/srv/data")).isTrue();
        assertThat(filter.selects("/srv/data/x/y")).isTrue();
        filter.checkAllFound("abcd");
    }

    @Test
    void reportsAnIncludeThatWasNeverSeen() {
        IncludeFilter filter = IncludeFilter.of(List.of("/srv/data", "/srv/other"));
        filter.selects("/srv/data");

        assertThatThrownBy(() -> filter.checkAllFound("abcd1234")).isInstanceOf(NoSuchFileException.class)
                .hasMessage("/srv/other: not in snapshot abcd1234");
    }

    @Test
    void theRootIncludesEverything() {
        IncludeFilter filter = IncludeFilter.of(List.of("/srv", "/"));

        assertThat(filter.selects("/etc/passwd")).isTrue();
    }
}
