package dev.arca.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds the driver for a repository location. Only the command line and the server register concrete
 * providers, so that the layers below never depend on a particular driver (DESIGN.md, section 2).
 *
 * <p>A location is either a URL ({@code file:///srv/arca}, {@code sftp://host/srv/arca},
 * {@code s3://bucket/prefix}, {@code mem:test}) or a plain file system path, absolute or relative to the
 * working directory, which means the {@code file} scheme. A scheme has at least two characters, so that a
 * Windows drive such as {@code C:\backup} is read as a path. A relative path that contains a colon
 * ({@code backup:2024}) looks like a URL; write it as {@code ./backup:2024}.
 */
public final class StorageRegistry {
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

    private final Map<String, StorageProvider> providers = new TreeMap<>();

    /**
     * Adds a driver for all of its schemes.
     *
     * @throws IllegalArgumentException if one of its schemes is already served by another provider;
     *         then none of its schemes is registered
     */
    public synchronized StorageRegistry register(StorageProvider provider) {
        Objects.requireNonNull(provider, "provider");
        Set<String> schemes = new TreeSet<>();
        for (String scheme : provider.schemes()) {
            String normal = scheme.toLowerCase(Locale.ROOT);
            StorageProvider existing = providers.get(normal);
            if (existing != null) {
                throw new IllegalArgumentException("storage scheme '" + normal + "' of "
                        + provider.getClass().getName() + " is already served by " + existing.getClass().getName());
            }
            schemes.add(normal);
        }
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException(provider.getClass().getName() + " serves no storage scheme");
        }
        schemes.forEach(scheme -> providers.put(scheme, provider));
        return this;
    }

    /** The registered schemes, sorted. */
    public synchronized Set<String> schemes() {
        return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
    }

    /**
     * Opens the storage at {@code location} with the driver registered for its scheme.
     *
     * @param create whether the driver may create missing directories or prefixes ({@code arca init})
     * @throws IllegalArgumentException if the location is malformed or its scheme is unknown
     * @throws IOException if the driver cannot open it, for example because it does not exist
     */
    public Storage open(String location, boolean create) throws IOException {
        URI uri = toUri(location);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        StorageProvider provider;
        synchronized (this) {
            provider = providers.get(scheme);
        }
        if (provider == null) {
            Set<String> known = schemes();
            throw new IllegalArgumentException("repository '" + location + "': unknown storage scheme '" + scheme
                    + "'; known schemes: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return provider.open(uri, create);
    }

    static URI toUri(String location) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new IllegalArgumentException("repository location is empty");
        }
        if (URL.matcher(location).matches()) {
            try {
                return new URI(location);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("repository '" + location + "': not a valid URL: "
                        + e.getMessage(), e);
            }
        }
        try {
            return Path.of(location).toAbsolutePath().normalize().toUri();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("repository '" + location + "': not a valid path: "
                    + e.getMessage(), e);
        }
    }
}
