package dev.arca.cli;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The storage drivers that stay off the class path until a location needs one: S3 and SFTP. The
 * distribution keeps them, with the AWS SDK, Apache MINA SSHD and Bouncy Castle (47 of its 60 jars), in
 * {@code drivers/} beside {@code arca.jar}, whose manifest lists only the core's jars.
 *
 * <p>Why: any lookup through the JDK's service loader opens every jar of the class path, and every
 * command makes such lookups (the first AES-GCM cipher's set-up, time-zone rules, zstd's loader). With the
 * drivers on it, that was 17,078 entries and Bouncy Castle's 769 KB signed manifest for a backup to a
 * local disk; without, alternated incremental backups of the benchmark took 0.045 s and 3 MiB less at
 * their medians (docs/BENCHMARKS.md, "a fourteenth machine").
 *
 * <p>Where a driver is on the class path already, as in the tests and an IDE, it is taken from there.
 */
final class Drivers {
    private static final String DIRECTORY = "drivers";
    private static final ConcurrentHashMap<String, StorageProvider> LOADED = new ConcurrentHashMap<>();
    private static ClassLoader loader;

    private Drivers() {
    }

    /** A provider for {@code scheme} that loads the driver's {@code providerClass} when it first opens a location. */
    static StorageProvider deferred(String scheme, String providerClass) {
        return new Deferred(scheme, providerClass);
    }

    private record Deferred(String scheme, String providerClass) implements StorageProvider {
        @Override
        public Set<String> schemes() {
            return Set.of(scheme);
        }

        @Override
        public Storage open(URI uri, boolean create) throws IOException {
            return LOADED.computeIfAbsent(providerClass, name -> load(scheme, uri, name)).open(uri, create);
        }
    }

    private static StorageProvider load(String scheme, URI uri, String providerClass) {
        try {
            Class<?> type = find(providerClass);
            return (StorageProvider) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            Path directory = directory();
            throw new CliException(ExitCode.FAILURE, "repository '" + uri + "': the " + scheme
                    + " driver is missing from this installation (no " + providerClass + " on the class path or in "
                    + directory + ")", "build the distribution again (mvn -pl arca-cli -am package -DskipTests in "
                    + "Arca's source tree), which puts the S3 and SFTP drivers in " + directory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the " + scheme + " driver " + providerClass, e);
        }
    }

    private static Class<?> find(String providerClass) throws ClassNotFoundException {
        try {
            return Class.forName(providerClass, true, Drivers.class.getClassLoader());
        } catch (ClassNotFoundException offTheClassPath) {
            return Class.forName(providerClass, true, loader());
        }
    }

    /**
     * One loader for both drivers, made once, whose parent is the core's. The AWS SDK looks up its
     * interceptors and services through the loader of its own classes first, so it needs no context class
     * loader (DistributionDriversIT backs up to S3Mock through this loader).
     */
    private static synchronized ClassLoader loader() {
        if (loader == null) {
            List<URL> jars = new ArrayList<>();
            Path directory = directory();
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                        jars.add(jar.toUri().toURL());
                    }
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("a jar's path is not a URL", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list the storage drivers in " + directory, e);
                }
            }
            loader = new URLClassLoader("arca-drivers", jars.toArray(URL[]::new), Drivers.class.getClassLoader());
        }
        return loader;
    }

    /** {@code drivers/} beside the jar (or the classes directory) that this class came from. */
    private static Path directory() {
        java.security.CodeSource source = Drivers.class.getProtectionDomain().getCodeSource();
        try {
            return source == null ? Path.of(DIRECTORY).toAbsolutePath()
                    : Path.of(source.getLocation().toURI()).resolveSibling(DIRECTORY);
        } catch (URISyntaxException e) {
            return Path.of(DIRECTORY).toAbsolutePath();
        }
    }
}
