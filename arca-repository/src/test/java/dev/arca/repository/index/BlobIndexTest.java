package dev.arca.repository.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.BlobType;
import dev.arca.repository.SampleData;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.pack.PackEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobIndexTest {
    private static BlobId id(int i) {
        return BlobId.of(SampleData.random(32, i));
    }

    @Test
    void findsEveryBlobBeforeAndAfterMerging() {
        BlobIndex index = new BlobIndex();
        int n = 200_000;
        for (int p = 0; p < n / 100; p++) {
            List<PackEntry> entries = new ArrayList<>();
            for (int j = 0; j < 100; j++) {
                int i = p * 100 + j;
                entries.add(new PackEntry(i % 7 == 0 ? BlobType.TREE : BlobType.DATA, id(i), j * 1000, 900 + j, 5000 + i));
            }
            index.addPack(String.format("%064x", p), entries);
        }
        assertThat(index.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 997) {
            BlobIndex.Location at = index.find(id(i)).orElseThrow();
            assertThat(at.pack()).isEqualTo(String.format("%064x", i / 100));
            assertThat(at.offset()).isEqualTo((i % 100) * 1000);
            assertThat(at.length()).isEqualTo(900 + i % 100);
            assertThat(at.rawLength()).isEqualTo(5000 + i);
            assertThat(at.type()).isEqualTo(i % 7 == 0 ? BlobType.TREE : BlobType.DATA);
        }
        assertThat(index.contains(id(n + 1))).isFalse();
        assertThat(index.find(id(n + 1))).isEmpty();
    }

    @Test
    void usesAtMostFortyBytesPerBlobPlusThePackTable() {
        BlobIndex index = new BlobIndex();
        int blobs = 100_000;
        int perPack = 16;
        for (int p = 0; p < blobs / perPack; p++) {
            List<PackEntry> entries = new ArrayList<>();
            for (int j = 0; j < perPack; j++) {
                entries.add(new PackEntry(BlobType.DATA, id(p * perPack + j), j, 1, 1));
            }
            index.addPack(String.format("%064x", p), entries);
        }
        long bytes = index.compactBytes();
        assertThat(bytes).isEqualTo(40L * blobs + 32L * (blobs / perPack));
        assertThat((double) bytes / blobs).isEqualTo(42.0);
    }

    @Test
    void theFirstLocationOfABlobWins() {
        BlobIndex index = new BlobIndex();
        index.addPack("a".repeat(64), List.of(new PackEntry(BlobType.DATA, id(1), 0, 40, 12)));
        index.addPack("b".repeat(64), List.of(new PackEntry(BlobType.DATA, id(1), 99, 40, 12)));
        assertThat(index.find(id(1)).orElseThrow().pack()).isEqualTo("a".repeat(64));
        assertThat(index.size()).isEqualTo(1);
    }
}
