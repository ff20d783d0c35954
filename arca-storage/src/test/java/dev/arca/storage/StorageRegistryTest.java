package dev.arca.storage;

import dev.arca.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageRegistryTest {
    private final RecordingProvider files = new RecordingProvider(Set.of("file"));
    private final RecordingProvider memory = new RecordingProvider(Set.of("mem"));
    private final StorageRegistry registry = new StorageRegistry().register(files).register(memory);

    @Test
    void urlGoesToTheProviderOfItsScheme() throws IOException {
        registry.open("mem:test", true);
        registry.open("FILE:///srv/arca", false);

        assertThat(memory.opened).containsExactly(new Opening(URI.create("mem:test"), true));
        assertThat(files.opened).containsExactly(new Opening(URI.create("FILE:///srv/arca"), false));
    }

    @Test
    void plainPathsAreFileUrls() throws IOException {
        registry.open("/srv/arca/../backup", true);
        registry.open("relative/repository", false);
        registry.open("C:\\backup", false);

        assertThat(files.opened).extracting(Opening::uri).containsExactly(
                Path.of("/srv/backup").toUri(),
                Path.of("relative/repository").toAbsolutePath().toUri(),
                Path.of("C:\\backup").toAbsolutePath().toUri());
    }

    @Test
    void unknownSchemeNamesLocationSchemeAndKnownSchemes() {
        assertThatThrownBy(() -> registry.open("ftp://x/y", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 'ftp://x/y': unknown storage scheme 'ftp'; known schemes: file, mem");
        assertThatThrownBy(() -> new StorageRegistry().open("s3://bucket/arca", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 's3://bucket/arca': unknown storage scheme 's3'; known schemes: none");
    }

    @Test
    void malformedLocationsAreRefused() {
        assertThatThrownBy(() -> registry.open("file:///with space", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 'file:///with space': not a valid URL: Illegal character in path at index 12:"
                        + " file:///with space");
        assertThatThrownBy(() -> registry.open(" ", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository location is empty");
        assertThatThrownBy(() -> registry.open("bad\0path", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("repository 'bad\0path': not a valid path: ");
    }

    @Test
    void schemeIsServedByOneProviderOnly() {
        RecordingProvider rival = new RecordingProvider(Set.of("s3", "MEM"));

        assertThatThrownBy(() -> registry.register(rival))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage scheme 'mem' of " + RecordingProvider.class.getName() + " is already served by "
                        + RecordingProvider.class.getName());
        assertThat(registry.schemes()).containsExactly("file", "mem");
        assertThatThrownBy(() -> registry.register(new RecordingProvider(Set.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(RecordingProvider.class.getName() + " serves no storage scheme");
    }

    private record Opening(URI uri, boolean create) {
    }

    private static final class RecordingProvider implements StorageProvider {
        private final Set<String> schemes;
        private final List<Opening> opened = new ArrayList<>();

        RecordingProvider(Set<String> schemes) {
            this.schemes = schemes;
        }

        @Override
        public Set<String> schemes() {
            return schemes;
        }

        @Override
        public Storage open(URI uri, boolean create) {
            opened.add(new Opening(uri, create));
            return new MemoryStorage();
        }
    }
}
