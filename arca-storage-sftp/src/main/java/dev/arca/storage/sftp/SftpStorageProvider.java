package dev.arca.storage.sftp;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Serves {@code sftp://user@host[:port]/absolute/path} locations; see {@link SftpStorage} for the parameters
 * and environment variables.
 */
public final class SftpStorageProvider implements StorageProvider {
    private final Map<String, String> environment;
    private final Path home;
    private final String localUser;

    /** Reads settings from this process's environment and the user's {@code ~/.ssh}. */
    public SftpStorageProvider() {
        this(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
    }

    /** The seam for tests, which must not depend on the developer's own keys and known hosts. */
    SftpStorageProvider(Map<String, String> environment, Path home, String localUser) {
        this.environment = Map.copyOf(environment);
        this.home = Objects.requireNonNull(home, "home");
        this.localUser = Objects.requireNonNull(localUser, "localUser");
    }

    @Override
    public Set<String> schemes() {
        return Set.of("sftp");
    }

    /**
     * Connects and checks the repository directory.
     *
     * @throws IllegalArgumentException if the URL is malformed
     * @throws dev.arca.storage.StorageNotFoundException if the directory is missing and {@code create} is false
     * @throws IOException if the server cannot be reached, its host key is not known, or it refuses the key
     */
    @Override
    public Storage open(URI uri, boolean create) throws IOException {
        return SftpStorage.open(SftpLocation.parse(uri, environment, home, localUser), create);
    }
}
