package dev.arca.storage.memory;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageProvider;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** Serves {@code mem:NAME} locations, so that tests can drive the command line without a disk. */
public final class MemoryStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public Storage open(URI uri, boolean create) throws IOException {
        if (!"mem".equalsIgnoreCase(uri.getScheme()) || !uri.isOpaque() || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("repository '" + uri + "': expected mem:NAME");
        }
        return MemoryStorage.open(uri.getSchemeSpecificPart(), create);
    }
}
