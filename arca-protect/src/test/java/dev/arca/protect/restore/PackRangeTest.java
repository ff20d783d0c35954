package dev.arca.protect.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.crypto.BlobId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackRangeTest {
    private static int ids;

    private static BlobUse blob(int offset, int length) {
        byte[] id = new byte[32];
        id[0] = (byte) ++ids;
        return new BlobUse(BlobId.of(id), offset, length, length);
    }

    @Test
    void readsNearbyBlobsTogetherInPackOrder() {
        BlobUse second = blob(1000, 500);
        BlobUse first = blob(0, 1000);
        BlobUse afterSmallGap = blob(1500 + 4096, 100);

        List<PackRange> ranges = PackRange.split("p", List.of(second, afterSmallGap, first));

        assertThat(ranges).singleElement().satisfies(r -> {
            assertThat(r.start()).isZero();
            assertThat(r.length()).isEqualTo(1500 + 4096 + 100);
            assertThat(r.uses()).containsExactly(first, second, afterSmallGap);
        });
    }

    @Test
    void splitsAtLargeGapsAndAtTheLengthLimit() {
        BlobUse a = blob(0, 100);
        BlobUse farAway = blob(100 + PackRange.MAX_GAP + 1, 100);
        BlobUse big = blob((int) farAway.end(), PackRange.MAX_LENGTH - 150);
        BlobUse overflow = blob((int) big.end(), 100);
        BlobUse huge = blob((int) overflow.end() + 100, PackRange.MAX_LENGTH + 1);

        List<PackRange> ranges = PackRange.split("p", List.of(a, farAway, big, overflow, huge));

        assertThat(ranges).extracting(PackRange::uses)
                .containsExactly(List.of(a), List.of(farAway, big), List.of(overflow), List.of(huge));
        assertThat(ranges.get(3).length()).isEqualTo(PackRange.MAX_LENGTH + 1);
    }
}
