package dev.arca.repository;

import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.storage.local.LocalStorage;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Creates a repository whose chunks average 256 bytes instead of 1 MiB, password from ARCA_PASSWORD, so
 * that a few hundred megabytes of data make millions of blobs: for finding how many blobs prune and
 * check handle under the launcher's heap (docs/BENCHMARKS.md). {@code arca init} offers no chunk sizes.
 */
public final class SmallChunkRepository {
    private SmallChunkRepository() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || System.getenv("ARCA_PASSWORD") == null) {
            System.err.println("usage: ARCA_PASSWORD=... SmallChunkRepository DIR");
            System.exit(2);
        }
        Repository.InitOptions defaults = Repository.InitOptions.defaults("bench", "bench");
        Repository.InitOptions options = new Repository.InitOptions(defaults.kdf(), defaults.compressionLevel(),
                defaults.packSize(), new ChunkSizes(128, 256, 1024), "bench", "bench");
        try (LocalStorage storage = LocalStorage.open(Path.of(args[0]), true);
             Repository repo = Repository.init(storage, System.getenv("ARCA_PASSWORD").toCharArray(), options,
                     Clock.systemUTC())) {
            System.out.println("created " + args[0] + " with chunks of 128 / 256 / 1024 bytes");
        }
    }
}
