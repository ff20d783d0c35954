package dev.arca.storage.local;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageProvider;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/** Serves {@code file:} locations, and plain paths, which the registry turns into {@code file:} URLs. */
public final class LocalStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public Storage open(URI uri, boolean create) throws IOException {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("repository '" + uri + "': not a file URL");
        }
        String authority = uri.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw new IllegalArgumentException("repository '" + uri + "': file URLs cannot name a host ('"
                    + authority + "'); mount the share and give its local path, or use sftp://");
        }
        if (uri.isOpaque() || uri.getPath() == null || uri.getPath().isEmpty()) {
            throw new IllegalArgumentException("repository '" + uri + "': expected file:///absolute/path");
        }
        try {
            // Rebuilt without the authority, which the default file system refuses even when it is "localhost".
            return LocalStorage.open(Path.of(new URI("file", null, uri.getPath(), null)), create);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("repository '" + uri + "': not a usable file URL: "
                    + e.getMessage(), e);
        }
    }
}
