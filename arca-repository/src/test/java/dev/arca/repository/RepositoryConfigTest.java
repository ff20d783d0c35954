package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.chunker.ChunkSizes;
import org.junit.jupiter.api.Test;

class RepositoryConfigTest {
    @Test
    void refusesTheFirstFormatVersionAndSaysWhatToDo() {
        assertThatThrownBy(() -> new RepositoryConfig(1, "00".repeat(16), ChunkSizes.DEFAULT, 3,
                RepositoryConfig.DEFAULT_PACK_SIZE, null))
                .hasMessage("repository format version 1 is not supported; this Arca reads version 2 (version 1 came"
                        + " from development builds before 2026-11-27, whose blobs are not bound to their ids; back up"
                        + " into a new repository made by 'arca init')");
    }

    @Test
    void refusesAFutureFormatVersion() {
        assertThatThrownBy(() -> new RepositoryConfig(3, "00".repeat(16), ChunkSizes.DEFAULT, 3,
                RepositoryConfig.DEFAULT_PACK_SIZE, null))
                .hasMessage("repository format version 3 is not supported; this Arca reads version 2");
    }
}
