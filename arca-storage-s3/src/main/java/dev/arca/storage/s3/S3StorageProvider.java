package dev.arca.storage.s3;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageProvider;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** Serves {@code s3://bucket/prefix?...} locations; {@link S3Options#parse} says what the URL may carry. */
public final class S3StorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public Storage open(URI uri, boolean create) throws IOException {
        return S3Storage.open(S3Options.parse(uri, System.getenv()), create);
    }
}
