package dev.arca.repository.index;

import dev.arca.repository.BlobType;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.pack.PackEntries;
import dev.arca.repository.pack.PackEntry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One index file: the blobs of some packs, and the older index files it replaces (written by prune,
 * which removes those only after this one is stored).
 *
 * <p>Binary layout before sealing (little endian): {@code "AIDX" | version u8 = 1 | u32 packs |
 * per pack: id (32) | u32 blobs | per blob: type u8 | id (32) | offset u32 | length u32 | raw u32 |
 * u32 superseded | per superseded index: id (32)}.
 */
public record IndexFile(List<PackBlobs> packs, List<String> supersedes) {
    private static final byte[] MAGIC = {'A', 'I', 'D', 'X'};
    private static final int VERSION = 1;
    private static final HexFormat HEX = HexFormat.of();

    public IndexFile {
        packs = List.copyOf(packs);
        supersedes = List.copyOf(supersedes);
    }

    /** The blobs of one pack, kept compact (PackEntries): prune and check hold one per indexed pack. */
    public record PackBlobs(String pack, List<PackEntry> blobs) {
        public PackBlobs {
            blobs = PackEntries.of(blobs);
        }
    }

    public byte[] encode() {
        int size = 9 + 4;
        for (PackBlobs p : packs) {
            size += 36 + p.blobs().size() * 45;
        }
        size += supersedes.size() * 32;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) VERSION).putInt(packs.size());
        for (PackBlobs p : packs) {
            b.put(HEX.parseHex(p.pack())).putInt(p.blobs().size());
            for (PackEntry e : p.blobs()) {
                b.put((byte) e.type().code()).put(e.id().bytes()).putInt(e.offset()).putInt(e.length()).putInt(e.rawLength());
            }
        }
        b.putInt(supersedes.size());
        supersedes.forEach(s -> b.put(HEX.parseHex(s)));
        return b.array();
    }

    public static IndexFile decode(String name, byte[] data) throws CorruptObjectException {
        try {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            b.get(magic);
            int version = b.get();
            if (!java.util.Arrays.equals(magic, MAGIC) || version != VERSION) {
                throw new CorruptObjectException("index " + name + ": not an Arca index file of version " + VERSION);
            }
            int packCount = count(b, 36, name);
            List<PackBlobs> packs = new ArrayList<>(packCount);
            for (int i = 0; i < packCount; i++) {
                String pack = hex(b);
                int blobs = count(b, 45, name);
                List<PackEntry> entries = new ArrayList<>(blobs);
                for (int j = 0; j < blobs; j++) {
                    BlobType type = BlobType.ofCode(b.get());
                    byte[] id = new byte[32];
                    b.get(id);
                    entries.add(new PackEntry(type, BlobId.of(id), b.getInt(), b.getInt(), b.getInt()));
                }
                packs.add(new PackBlobs(pack, entries));
            }
            int superseded = count(b, 32, name);
            List<String> supersedes = new ArrayList<>(superseded);
            for (int i = 0; i < superseded; i++) {
                supersedes.add(hex(b));
            }
            return new IndexFile(packs, supersedes);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptObjectException("index " + name + ": truncated or malformed (" + e + ")", e);
        }
    }

    private static int count(ByteBuffer b, int unit, String name) throws CorruptObjectException {
        int n = b.getInt();
        if (n < 0 || (long) n * unit > b.remaining()) {
            throw new CorruptObjectException("index " + name + ": count " + n + " exceeds the file's size");
        }
        return n;
    }

    private static String hex(ByteBuffer b) {
        byte[] id = new byte[32];
        b.get(id);
        return HEX.formatHex(id);
    }

}
