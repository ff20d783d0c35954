package dev.arca.storage;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** Opens storages for some URL schemes; one per driver, registered in a {@link StorageRegistry}. */
public interface StorageProvider {

    /** The URL schemes this driver serves, such as {@code file} or {@code s3}. */
    Set<String> schemes();

    /**
     * Opens (but does not create a repository in) the storage at {@code uri}.
     *
     * @param create whether missing directories or prefixes may be created, as {@code arca init} needs
     */
    Storage open(URI uri, boolean create) throws IOException;
}
