package dev.arca.repository.prune;

import java.util.List;

/**
 * What prune did, or in a dry run would do. In a dry run nothing is written, so {@code packsWritten},
 * {@code bytesWritten} and {@code indexFilesWritten} are estimates.
 *
 * @param deletedPacks indexed packs no snapshot uses
 * @param repackedPacks partly used packs whose used blobs were copied into new packs
 * @param garbagePacks packs in no index, left by interrupted backups and prunes
 * @param blobsKept blob copies still stored
 * @param blobsRemoved blob copies no longer stored: unused blobs, and surplus copies of used ones
 * @param bytesRemoved the size of every pack removed
 * @param bytesWritten the size of the new packs
 */
public record PruneResult(boolean dryRun, List<String> deletedPacks, List<String> repackedPacks, List<String> garbagePacks,
                          int packsWritten, int indexFilesWritten, int indexFilesRemoved, long blobsKept, long blobsRemoved,
                          long bytesRemoved, long bytesWritten) {

    public PruneResult {
        deletedPacks = List.copyOf(deletedPacks);
        repackedPacks = List.copyOf(repackedPacks);
        garbagePacks = List.copyOf(garbagePacks);
    }

    /** The space given back to storage. */
    public long bytesFreed() {
        return bytesRemoved - bytesWritten;
    }
}
