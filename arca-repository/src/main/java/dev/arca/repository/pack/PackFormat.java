package dev.arca.repository.pack;

import dev.arca.repository.BlobType;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.crypto.AuthenticationException;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The pack layout: {@code blob_0 .. blob_n-1 | sealed header | u32 header length (little endian)}.
 * The header's plaintext is, per blob, {@code type (1) | id (32) | stored length (u32) | raw length (u32)};
 * offsets follow from the lengths, so they cannot disagree with them.
 */
public final class PackFormat {
    static final int ENTRY_SIZE = 1 + 32 + 4 + 4;
    static final int TRAILER = 4;

    private PackFormat() {
    }

    static byte[] header(List<PackEntry> entries) {
        ByteBuffer b = ByteBuffer.allocate(entries.size() * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (PackEntry e : entries) {
            b.put((byte) e.type().code());
            b.put(e.id().bytes());
            b.putInt(e.length());
            b.putInt(e.rawLength());
        }
        return b.array();
    }

    /** Reads the list of blobs of a whole pack held in memory. */
    public static List<PackEntry> entries(String name, byte[] pack, ObjectCipher cipher) throws CorruptObjectException {
        if (pack.length < TRAILER + ObjectCipher.OVERHEAD) {
            throw new CorruptObjectException("pack " + name + ": " + pack.length + " bytes is too short to be a pack");
        }
        int headerLength = ByteBuffer.wrap(pack, pack.length - TRAILER, TRAILER).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return parse(name, pack, pack.length - TRAILER - headerLength, headerLength, pack.length, cipher);
    }

    /** Reads the list of blobs of a stored pack with two range reads, without loading its blobs. */
    public static List<PackEntry> entries(Storage storage, ObjectInfo pack, ObjectCipher cipher) throws IOException {
        ObjectKey key = pack.key();
        if (pack.size() < TRAILER + ObjectCipher.OVERHEAD) {
            throw new CorruptObjectException("pack " + key.name() + ": " + pack.size() + " bytes is too short to be a pack");
        }
        byte[] trailer = storage.load(key, pack.size() - TRAILER, TRAILER);
        int headerLength = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).getInt();
        long headerStart = pack.size() - TRAILER - headerLength;
        if (headerLength < ObjectCipher.OVERHEAD || headerStart < 0) {
            throw new CorruptObjectException("pack " + key.name() + ": header length " + headerLength
                    + " does not fit in " + pack.size() + " bytes");
        }
        byte[] header = storage.load(key, headerStart, headerLength);
        return parse(key.name(), header, 0, headerLength, headerStart + headerLength + TRAILER, cipher);
    }

    private static List<PackEntry> parse(String name, byte[] buf, int at, int headerLength, long packSize,
                                         ObjectCipher cipher) throws CorruptObjectException {
        long headerStart = packSize - TRAILER - headerLength;
        if (headerLength < ObjectCipher.OVERHEAD || at < 0 || headerStart < 0) {
            throw new CorruptObjectException("pack " + name + ": header length " + headerLength + " does not fit in "
                    + packSize + " bytes");
        }
        byte[] plain;
        try {
            plain = cipher.open(buf, at, headerLength);
        } catch (AuthenticationException e) {
            throw new CorruptObjectException("pack " + name + ": header does not decrypt (damaged or tampered with)", e);
        }
        if (plain.length % ENTRY_SIZE != 0) {
            throw new CorruptObjectException("pack " + name + ": header of " + plain.length + " bytes is not a whole number of entries");
        }
        ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        List<PackEntry> out = new ArrayList<>(plain.length / ENTRY_SIZE);
        long offset = 0;
        while (b.hasRemaining()) {
            int type = b.get() & 0xff;
            byte[] id = new byte[32];
            b.get(id);
            int length = b.getInt();
            int raw = b.getInt();
            if (type > 1 || length < ObjectCipher.OVERHEAD || raw < 0 || offset + length > headerStart) {
                throw new CorruptObjectException("pack " + name + ": header entry " + out.size() + " is invalid");
            }
            out.add(new PackEntry(BlobType.ofCode(type), BlobId.of(id), (int) offset, length, raw));
            offset += length;
        }
        if (offset != headerStart) {
            throw new CorruptObjectException("pack " + name + ": blobs end at " + offset + " but the header starts at " + headerStart);
        }
        return out;
    }
}
