package dev.arca.repository.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.crypto.BlobId;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlobIdSetTest {
    private static BlobId random(Random r) {
        return BlobId.ofWords(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    @Test
    void holdsWhatIsAddedThroughManyGrowthsAndNothingElse() {
        Random r = new Random(7);
        BlobIdSet set = new BlobIdSet();
        Set<BlobId> expected = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            BlobId id = random(r);
            assertThat(set.add(id)).isEqualTo(expected.add(id));
        }
        assertThat(set.size()).isEqualTo(200_000);
        for (BlobId id : expected) {
            assertThat(set.contains(id)).isTrue();
            assertThat(set.add(id)).as("added twice").isFalse();
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(set.contains(random(r))).isFalse();
        }
        Set<BlobId> iterated = new HashSet<>();
        set.forEach(iterated::add);
        assertThat(iterated).isEqualTo(expected);
    }

    @Test
    void idsThatShareTheirSlotAreToldApartByEveryWord() {
        BlobIdSet set = new BlobIdSet();
        BlobId a = BlobId.ofWords(5, 1, 1, 1);
        BlobId b = BlobId.ofWords(5, 1, 1, 2);
        BlobId c = BlobId.ofWords(5 + (1L << 40), 1, 1, 1);
        assertThat(set.add(a)).isTrue();
        assertThat(set.contains(b)).isFalse();
        assertThat(set.add(b)).isTrue();
        assertThat(set.add(c)).isTrue();
        assertThat(set.contains(BlobId.ofWords(5, 2, 1, 1))).isFalse();
        assertThat(set).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void anEmptySetIteratesNothing() {
        BlobIdSet set = new BlobIdSet();
        assertThat(set.isEmpty()).isTrue();
        Iterator<BlobId> it = set.iterator();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void anIdIsItsFourWords() {
        BlobId id = BlobId.parse("00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210");
        assertThat(id.word(0)).isEqualTo(0x0011223344556677L);
        assertThat(id.word(3)).isEqualTo(0xfedcba9876543210L);
        assertThat(BlobId.ofWords(id.word(0), id.word(1), id.word(2), id.word(3))).isEqualTo(id);
        assertThatThrownBy(() -> id.word(4)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("blob id word 4 (0 to 3)");
    }
}
