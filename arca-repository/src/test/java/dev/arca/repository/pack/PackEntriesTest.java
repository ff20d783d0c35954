package dev.arca.repository.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.IndexFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackEntriesTest {
    private static final PackEntry TREE = new PackEntry(BlobType.TREE,
            BlobId.ofWords(-1L, 0x0123456789abcdefL, Long.MIN_VALUE, 7), Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
    private static final PackEntry DATA = new PackEntry(BlobType.DATA, BlobId.ofWords(1, 2, 3, 4), 0, 45, 8 << 20);

    @Test
    void givesBackEveryFieldOfEveryEntryInOrder() {
        List<PackEntry> compact = new IndexFile.PackBlobs("a".repeat(64), List.of(TREE, DATA)).blobs();

        assertThat(compact).isInstanceOf(PackEntries.class).containsExactly(TREE, DATA);
        assertThat(compact).isEqualTo(List.of(TREE, DATA));
        assertThat(compact.hashCode()).isEqualTo(List.of(TREE, DATA).hashCode());
        assertThat(PackEntries.of(compact)).isSameAs(compact);
    }

    @Test
    void isImmutableAndChecksItsIndex() {
        List<PackEntry> compact = PackEntries.of(List.of(DATA));

        assertThatThrownBy(() -> compact.add(TREE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> compact.set(0, TREE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> compact.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(PackEntries.of(List.of())).isEmpty();
    }
}
