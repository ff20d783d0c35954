package dev.arca.repository.index;

import dev.arca.repository.BlobType;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.pack.PackEntry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * How many blobs fit before the heap runs out: with no argument, fills a {@link BlobIndex} pack by pack
 * (100 blobs each, as a backup adds them); with {@code set}, a {@link BlobIdSet}, in which prune, check
 * and copy collect the blobs in use; with {@code hashset}, a {@code HashSet<BlobId>}, which they used
 * before; with {@code packs}, a list of {@link IndexFile.PackBlobs}, as prune and check keep every
 * indexed blob. Prints the count at {@link OutOfMemoryError}. Run with the heap to
 * judge, e.g. {@code -Xmx96m -XX:+UseSerialGC} as the launcher does (docs/BENCHMARKS.md). The structure
 * has the heap to itself here; in a command it shares it with the command's buffers.
 */
public final class IndexCapacity {
    private static final int BLOBS_PER_PACK = 100;

    private IndexCapacity() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("set")) {
            fillSet(new BlobIdSet()::add, "blob id set");
            return;
        }
        if (args.length > 0 && args[0].equals("hashset")) {
            fillSet(new java.util.HashSet<BlobId>()::add, "HashSet of blob ids");
            return;
        }
        if (args.length > 0 && args[0].equals("packs")) {
            fillPacks();
            return;
        }
        BlobIndex index = new BlobIndex();
        Random random = new Random(1);
        HexFormat hex = HexFormat.of();
        long blobs = 0;
        try {
            while (true) {
                index.addPack(hex.formatHex(randomBytes(random, 32)), pack(random));
                blobs += BLOBS_PER_PACK;
            }
        } catch (OutOfMemoryError e) {
            index = null; // lets the collector have it back, so that printing has room
            report("index", blobs);
        }
    }

    private static void fillPacks() {
        List<IndexFile.PackBlobs> packs = new ArrayList<>();
        Random random = new Random(1);
        HexFormat hex = HexFormat.of();
        long blobs = 0;
        try {
            while (true) {
                packs.add(new IndexFile.PackBlobs(hex.formatHex(randomBytes(random, 32)), pack(random)));
                blobs += BLOBS_PER_PACK;
            }
        } catch (OutOfMemoryError e) {
            packs = null; // lets the collector have it back, so that printing has room
            report("pack listings", blobs);
        }
    }

    private static List<PackEntry> pack(Random random) {
        List<PackEntry> entries = new ArrayList<>(BLOBS_PER_PACK);
        for (int i = 0; i < BLOBS_PER_PACK; i++) {
            entries.add(new PackEntry(BlobType.DATA, BlobId.of(randomBytes(random, BlobId.LENGTH)), i << 20, 1 << 20, 1 << 20));
        }
        return entries;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void fillSet(java.util.function.Predicate<BlobId> set, String what) {
        Random random = new Random(1);
        long blobs = 0;
        try {
            while (true) {
                set.test(BlobId.of(randomBytes(random, BlobId.LENGTH)));
                blobs++;
            }
        } catch (OutOfMemoryError e) {
            set = null; // lets the collector have it back, so that printing has room
            report(what, blobs);
        }
    }

    private static void report(String what, long blobs) {
        System.out.println("heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB: " + what
                + " out of memory after " + blobs + " blobs");
    }
}
