package dev.arca.repository.check;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a check found. Damage is listed by kind, each blob with the snapshots and paths it affects;
 * garbage and superseded index files are listed apart because they are harmless leftovers of an
 * interrupted backup or prune, which the next prune removes.
 *
 * @param intactSnapshots the snapshots that no damage found touches: these restore completely (as far
 *     as the data read could show), and are where to turn when others are damaged
 */
public record CheckResult(List<ObjectDamage> indexes, List<ObjectDamage> packs, List<ObjectDamage> snapshots,
                          List<BlobDamage> blobs, List<String> garbagePacks, List<String> supersededIndexes,
                          List<String> intactSnapshots, Counts counts) {

    /**
     * How much was examined.
     *
     * @param packs packs named by the index
     * @param blobs blobs listed by the index
     * @param trees distinct trees walked
     * @param packsRead packs downloaded and authenticated
     * @param bytesRead bytes of pack data downloaded
     */
    public record Counts(int indexFiles, int packs, long blobs, int snapshots, int trees, int packsRead,
                         long blobsRead, long bytesRead) {
    }

    public CheckResult {
        indexes = List.copyOf(indexes);
        packs = List.copyOf(packs);
        snapshots = List.copyOf(snapshots);
        blobs = List.copyOf(blobs);
        garbagePacks = List.copyOf(garbagePacks);
        supersededIndexes = List.copyOf(supersededIndexes);
        intactSnapshots = List.copyOf(intactSnapshots);
    }

    /** Whether nothing is damaged. */
    public boolean ok() {
        return indexes.isEmpty() && packs.isEmpty() && snapshots.isEmpty() && blobs.isEmpty();
    }

    /** One line per damaged object or blob. */
    public List<String> errors() {
        List<String> out = objectErrors();
        blobs.forEach(d -> out.add(d.text()));
        return out;
    }

    /** The report as printed: each error, under each damaged blob what it affects, then the leftovers. */
    public List<String> report() {
        List<String> out = objectErrors();
        for (BlobDamage b : blobs) {
            out.add(b.text());
            if (b.affects().isEmpty()) {
                out.add("  affects no snapshot");
            }
            b.affects().forEach(a -> out.add("  affects " + a.text()));
        }
        garbagePacks.forEach(p -> out.add("pack " + p + ": in no index (left by an interrupted backup or prune; "
                + "prune removes it)"));
        supersededIndexes.forEach(i -> out.add("index " + i + ": replaced by a newer index file (left by an "
                + "interrupted prune; prune removes it)"));
        return out;
    }

    private List<String> objectErrors() {
        return Stream.of(indexes, packs, snapshots).flatMap(List::stream).map(ObjectDamage::text)
                .collect(Collectors.toCollection(ArrayList::new));
    }
}
