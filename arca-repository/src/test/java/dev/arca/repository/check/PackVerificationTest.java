package dev.arca.repository.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.repository.BlobType;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.pack.PackEntry;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Packs larger than one read range (1 MiB): streamed through, blobs put together across ranges, still checked whole. */
class PackVerificationTest {
    private final MemoryStorage storage = new MemoryStorage();
    private Repository repo;
    private final List<BlobId> ids = new ArrayList<>();
    private String pack;
    private long size;

    @BeforeEach
    void storeThreeBlobsOfAMegabyteInOnePack() throws IOException {
        repo = SampleRepository.create(storage);
        for (int i = 0; i < 3; i++) {
            // Random, so incompressible: the pack is about 3 MiB, four ranges.
            byte[] data = SampleRepository.content((1 << 20) + 1000 * i, 40 + i);
            ids.add(repo.saveBlob(BlobType.DATA, data, 0, data.length).id());
        }
        repo.flush();
        pack = repo.index().find(ids.get(0)).orElseThrow().pack();
        size = storage.stat(ObjectKey.of(ObjectKind.DATA, pack)).orElseThrow().size();
    }

    @Test
    void aSoundPackReadInRangesHasNoDamage() throws IOException {
        PackVerification.Outcome outcome = PackVerification.of(repo, pack, size, indexed());

        assertThat(size).isGreaterThan(3L << 20);
        assertThat(outcome.packs()).isEmpty();
        assertThat(outcome.blobs()).isEmpty();
        assertThat(outcome.bytesRead()).isEqualTo(size);
        assertThat(outcome.blobsRead()).isEqualTo(3);
    }

    @Test
    void aFlippedByteInTheThirdRangeIsFoundInTheBlobThatHoldsIt() throws IOException {
        BlobIndex.Location last = repo.index().find(ids.get(2)).orElseThrow();
        SampleRepository.flipBit(storage, pack, last.offset() + 100);

        PackVerification.Outcome outcome = PackVerification.of(repo, pack, size, indexed());

        assertThat(last.offset()).isGreaterThan(2 << 20);
        assertThat(outcome.packs()).as("the pack's header is intact").isEmpty();
        assertThat(outcome.blobs()).extracting(BlobDamage::id).containsExactly(ids.get(2));
        assertThat(outcome.blobs()).extracting(BlobDamage::problem).containsExactly("does not decrypt (damaged or tampered with)");
    }

    @Test
    void aBufferLeftLargerByAnEarlierPackHoldsNothingOfItInTheNextCheck() throws IOException {
        PackVerification.of(repo, pack, size, indexed());
        MemoryStorage small = new MemoryStorage();
        Repository other = SampleRepository.create(small);
        byte[] data = SampleRepository.content(5000, 7);
        BlobId id = other.saveBlob(BlobType.DATA, data, 0, data.length).id();
        other.flush();
        BlobIndex.Location at = other.index().find(id).orElseThrow();
        long smallSize = small.stat(ObjectKey.of(ObjectKind.DATA, at.pack())).orElseThrow().size();

        PackVerification.Outcome outcome = PackVerification.of(other, at.pack(), smallSize,
                List.of(new PackEntry(BlobType.DATA, id, at.offset(), at.length(), at.rawLength())));

        assertThat(outcome.packs()).isEmpty();
        assertThat(outcome.blobs()).isEmpty();
        assertThat(outcome.bytesRead()).isEqualTo(smallSize);
    }

    @Test
    void aPackShorterThanItsListingIsReadWholeAndJudgedAsItIs() throws IOException {
        // The listing said more bytes than the pack has (it changed after the survey listed it): the
        // ranged read fails, and the pack is read whole instead of being called unreadable.
        PackVerification.Outcome outcome = PackVerification.of(repo, pack, size + 4096, indexed());

        assertThat(outcome.packs()).isEmpty();
        assertThat(outcome.blobs()).isEmpty();
        assertThat(outcome.bytesRead()).isEqualTo(size);
    }

    @Test
    void anIndexEntryOverlappingTheBlobBeforeItIsReadOnItsOwnAndJudged() throws IOException {
        List<PackEntry> indexed = indexed();
        PackEntry first = indexed.get(0);
        // A damaged index: a second entry for the first blob's bytes, under another blob's id.
        PackEntry bogus = new PackEntry(first.type(), ids.get(1), first.offset() + 16, first.length(), first.rawLength());
        indexed.add(bogus);

        PackVerification.Outcome outcome = PackVerification.of(repo, pack, size, indexed);

        assertThat(outcome.packs()).extracting(ObjectDamage::problem)
                .containsExactly("its header and the index disagree (the header lists 3 blobs, the index 4)");
        assertThat(outcome.blobs()).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo(ids.get(1));
            assertThat(b.problem()).isEqualTo("does not decrypt (damaged or tampered with)");
        });
        assertThat(outcome.blobsRead()).isEqualTo(4);
    }

    // A pack's name is random, so nothing hashes the pack whole: these three cover the bytes no blob's tag does.

    @ParameterizedTest(name = "{0} bytes before the end")
    // 10: inside the header's tag. 4: the trailer's low byte, so the header length it gives is one off.
    @ValueSource(ints = {10, 4})
    void aFlippedByteInTheHeaderOrTrailerIsNamedAndTheBlobsStillVerify(int fromEnd) throws IOException {
        SampleRepository.flipBit(storage, pack, size - fromEnd);

        PackVerification.Outcome outcome = PackVerification.of(repo, pack, size, indexed());

        assertThat(outcome.packs()).extracting(ObjectDamage::problem)
                .containsExactly("header does not decrypt (damaged or tampered with)");
        assertThat(outcome.blobs()).as("the index still finds every blob, and each is intact").isEmpty();
    }

    @Test
    void bytesAppendedToAPackAreNamed() throws IOException {
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, pack);
        byte[] stored = storage.load(key);
        byte[] longer = java.util.Arrays.copyOf(stored, stored.length + 4);
        SampleRepository.replace(storage, key, longer);

        PackVerification.Outcome outcome = PackVerification.of(repo, pack, longer.length, indexed());

        assertThat(outcome.packs()).extracting(ObjectDamage::problem)
                .containsExactly("header length 0 does not fit in " + longer.length + " bytes");
        assertThat(outcome.blobs()).isEmpty();
    }

    private List<PackEntry> indexed() throws IOException {
        List<PackEntry> out = new ArrayList<>();
        for (BlobId id : ids) {
            BlobIndex.Location at = repo.index().find(id).orElseThrow();
            out.add(new PackEntry(at.type(), id, at.offset(), at.length(), at.rawLength()));
        }
        return out;
    }
}
