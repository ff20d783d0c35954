package dev.arca.repository.pack;

import java.util.List;

/** A closed pack ready to store: its bytes, its name (SHA-256 of the bytes) and what it holds. */
public record FinishedPack(String name, byte[] bytes, List<PackEntry> entries) {
    public FinishedPack {
        entries = List.copyOf(entries);
    }
}
