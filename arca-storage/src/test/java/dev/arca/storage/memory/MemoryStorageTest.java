package dev.arca.storage.memory;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryStorageTest {
    private static final ObjectKey KEY = ObjectKey.of(ObjectKind.CONFIG, "config");

    @Test
    void namedStoreIsSharedUntilDiscarded() throws IOException {
        try (Storage created = MemoryStorage.open("shared-store", true)) {
            created.save(KEY, new byte[] {42});
        }
        try (Storage reopened = new MemoryStorageProvider().open(URI.create("mem:shared-store"), false)) {
            assertThat(reopened.location()).isEqualTo("mem:shared-store");
            assertThat(reopened.load(KEY)).containsExactly(42);

            MemoryStorage.discard("shared-store");
            assertThatThrownBy(() -> MemoryStorage.open("shared-store", false))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessage("repository 'mem:shared-store' does not exist");
            assertThat(reopened.load(KEY)).as("an open instance keeps its view").containsExactly(42);
        }
    }

    @Test
    void unnamedStoresAreSeparate() throws IOException {
        MemoryStorage first = new MemoryStorage();
        MemoryStorage second = new MemoryStorage();
        first.save(KEY, new byte[] {1});

        assertThat(second.stat(KEY)).isEmpty();
        assertThat(first.location()).startsWith("mem:unnamed-").isNotEqualTo(second.location());
    }

    @Test
    void closedInstanceRefusesToWork() {
        MemoryStorage storage = new MemoryStorage();
        storage.close();

        assertThatThrownBy(() -> storage.load(KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(storage.location() + ": storage is closed");
        assertThatThrownBy(() -> storage.list(ObjectKind.DATA)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedNamesAndUrlsAreRefused() {
        MemoryStorageProvider provider = new MemoryStorageProvider();

        assertThatThrownBy(() -> MemoryStorage.open("a/b", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 'mem:a/b': a memory store name is made of A-Z a-z 0-9 . _ -");
        assertThatThrownBy(() -> provider.open(URI.create("mem://host/path"), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 'mem://host/path': expected mem:NAME");
        assertThat(provider.schemes()).containsExactly("mem");
    }
}
