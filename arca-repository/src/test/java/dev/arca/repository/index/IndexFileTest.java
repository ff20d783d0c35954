package dev.arca.repository.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.BlobType;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.SampleData;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.pack.PackEntry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexFileTest {
    private final IndexFile file = new IndexFile(List.of(new IndexFile.PackBlobs("ab".repeat(32), List.of(
            new PackEntry(BlobType.DATA, BlobId.of(SampleData.random(32, 1)), 0, 100, 72),
            new PackEntry(BlobType.TREE, BlobId.of(SampleData.random(32, 2)), 100, 50, 22)))), List.of("cd".repeat(32)));

    @Test
    void roundTrips() throws CorruptObjectException {
        assertThat(IndexFile.decode("x", file.encode())).isEqualTo(file);
    }

    @Test
    void truncationIsReportedNotMisread() {
        byte[] bytes = file.encode();
        assertThatThrownBy(() -> IndexFile.decode("77ab", Arrays.copyOf(bytes, bytes.length - 10)))
                .isInstanceOf(CorruptObjectException.class).hasMessageStartingWith("index 77ab: ");
        assertThatThrownBy(() -> IndexFile.decode("77ab", new byte[] {1, 2, 3, 4, 5}))
                .hasMessage("index 77ab: not an Arca index file of version 1");
    }
}
