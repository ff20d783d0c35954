package dev.arca.repository.pack;

import java.nio.file.Path;
import java.util.List;

/**
 * A closed pack ready to store: the local scratch file holding its bytes, its name (32 random bytes, in
 * hex), its size and what it holds.
 */
public record FinishedPack(String name, Path file, long size, List<PackEntry> entries) {
    public FinishedPack {
        entries = PackEntries.of(entries);
    }
}
