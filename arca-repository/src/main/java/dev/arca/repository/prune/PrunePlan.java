package dev.arca.repository.prune;

import dev.arca.repository.check.Survey;
import dev.arca.repository.index.BlobIdSet;
import dev.arca.repository.index.IndexFile.PackBlobs;
import dev.arca.repository.pack.FinishedPack;
import dev.arca.repository.pack.PackEntries;
import dev.arca.repository.pack.PackEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What prune does with each pack: keep it, delete it, or copy its used blobs into a new pack and delete
 * it. Decided from a sound survey before anything changes, so that a dry run and a real run agree.
 *
 * <p>Every used blob keeps exactly one copy in the plan. Where a blob is stored twice (two backups raced
 * to save it, or an interrupted prune left its copies behind), the copy kept is the one in the pack
 * most used anyway, so that the surplus copies tend to sit in packs that go.
 */
final class PrunePlan {
    private final List<String> keep = new ArrayList<>();
    private final List<String> delete = new ArrayList<>();
    private final SortedMap<String, List<PackEntry>> repack = new TreeMap<>();
    private final List<String> garbage;
    private final boolean rewriteIndex;
    private final int packSize;
    private long blobsKept;
    private long blobsRemoved;
    private long bytesRemoved;

    private PrunePlan(Survey survey, PruneOptions options, int packSize) {
        this.packSize = packSize;
        Map<String, Long> useful = new HashMap<>();
        for (PackBlobs p : survey.indexedPacks().values()) {
            useful.put(p.pack(), p.blobs().stream().filter(e -> survey.isUsed(e.id())).mapToLong(PackEntry::length).sum());
        }
        List<PackBlobs> mostUsedFirst = new ArrayList<>(survey.indexedPacks().values());
        mostUsedFirst.sort(Comparator.comparing((PackBlobs p) -> -useful.get(p.pack())).thenComparing(PackBlobs::pack));
        BlobIdSet placed = new BlobIdSet();
        for (PackBlobs p : mostUsedFirst) {
            List<PackEntry> kept = p.blobs().stream().filter(e -> survey.isUsed(e.id()) && placed.add(e.id())).toList();
            decide(p, kept, survey.storedPacks().get(p.pack()), options);
        }
        garbage = survey.garbagePacks();
        garbage.forEach(g -> bytesRemoved += survey.storedPacks().get(g));
        keep.sort(null);
        delete.sort(null);
        rewriteIndex = !delete.isEmpty() || !repack.isEmpty() || !survey.supersededIndexes().isEmpty();
    }

    static PrunePlan of(Survey survey, PruneOptions options, int packSize) {
        return new PrunePlan(survey, options, packSize);
    }

    private void decide(PackBlobs pack, List<PackEntry> kept, long size, PruneOptions options) {
        long unused = pack.blobs().stream().mapToLong(PackEntry::length).sum() - kept.stream().mapToLong(PackEntry::length).sum();
        if (kept.isEmpty()) {
            delete.add(pack.pack());
        } else if (kept.size() < pack.blobs().size()
                && (unused > options.maxUnused() * size || size < options.tinyPack() * packSize)) {
            // Compact: a prune of half a repository's blobs keeps this list for every other blob.
            repack.put(pack.pack(), PackEntries.of(kept.stream().sorted(Comparator.comparingInt(PackEntry::offset)).toList()));
        } else {
            keep.add(pack.pack());
            blobsKept += pack.blobs().size();
            return;
        }
        blobsKept += kept.size();
        blobsRemoved += pack.blobs().size() - kept.size();
        bytesRemoved += size;
    }

    /** Blob copies that stay: what the new index lists. */
    long blobsKept() {
        return blobsKept;
    }

    /** Packs that stay as they are. */
    List<String> keep() {
        return keep;
    }

    /** The packs to copy from, with the blobs to copy in the order they are stored. */
    SortedMap<String, List<PackEntry>> repack() {
        return repack;
    }

    /** Every pack to remove once no index names it: unused, repacked and garbage. */
    List<String> doomed() {
        List<String> out = new ArrayList<>(delete);
        out.addAll(repack.keySet());
        out.addAll(garbage);
        return out;
    }

    /** Whether the index changes: a pack goes or comes, or an interrupted prune's replaced index files remain. */
    boolean rewritesIndex() {
        return rewriteIndex;
    }

    boolean changesNothing() {
        return !rewriteIndex && garbage.isEmpty();
    }

    /** The result of carrying the plan out; for a dry run, with the new packs estimated. */
    PruneResult result(boolean dryRun, List<FinishedPack> written, int indexFilesWritten, int indexFilesRemoved) {
        long bytesWritten;
        int packsWritten;
        if (dryRun) {
            List<PackEntry> copies = repack.values().stream().flatMap(List::stream).toList();
            bytesWritten = copies.isEmpty() ? 0 : Survey.packSize(copies);
            packsWritten = (int) ((bytesWritten + packSize - 1) / packSize);
        } else {
            bytesWritten = written.stream().mapToLong(f -> f.size()).sum();
            packsWritten = written.size();
        }
        return new PruneResult(dryRun, delete, List.copyOf(repack.keySet()), garbage, packsWritten, indexFilesWritten,
                indexFilesRemoved, blobsKept, blobsRemoved, bytesRemoved, bytesWritten);
    }
}
