package dev.arca.repository;

import dev.arca.repository.compress.BlobCodec;
import dev.arca.repository.compress.CorruptBlobException;
import dev.arca.repository.crypto.AuthenticationException;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores and reads the repository's small encrypted objects (config, index files, snapshots, locks):
 * JSON or binary, compressed, sealed with the repository key, and (except config and locks) named by
 * the SHA-256 of the stored bytes so that a reader can verify it got what was written.
 */
public final class SealedObjects {
    private final Storage storage;
    private final ObjectCipher cipher;
    private final BlobCodec codec;

    public SealedObjects(Storage storage, ObjectCipher cipher, BlobCodec codec) {
        this.storage = storage;
        this.cipher = cipher;
        this.codec = codec;
    }

    public Storage storage() {
        return storage;
    }

    /** Seals and stores {@code plain} under the hash of the sealed bytes; returns that name. */
    public String saveNamedByContent(ObjectKind kind, byte[] plain) throws IOException {
        byte[] sealed = seal(plain);
        String name = ContentHash.hex(sealed);
        try {
            storage.save(ObjectKey.of(kind, name), sealed);
        } catch (dev.arca.storage.ObjectExistsException e) {
            // Same content, same name: it is already there.
        }
        return name;
    }

    /** Seals and stores {@code plain} under a chosen name (config, locks). */
    public void saveNamed(ObjectKey key, byte[] plain) throws IOException {
        storage.save(key, seal(plain));
    }

    /** Encodes into one work array and seals from it: two arrays the size of the object, not three. */
    private byte[] seal(byte[] plain) {
        byte[] work = new byte[BlobCodec.maxEncodedLength(plain.length)];
        return cipher.seal(work, 0, codec.encode(plain, 0, plain.length, work, 0));
    }

    /** Loads, verifies (hash of content-named kinds) and opens an object. */
    public byte[] load(ObjectKey key) throws IOException {
        byte[] sealed = storage.load(key);
        if (isContentNamed(key.kind()) && !ContentHash.hex(sealed).equals(key.name())) {
            throw new CorruptObjectException(storage.location() + ": " + key + ": content does not match its name "
                    + "(hash " + ContentHash.hex(sealed).substring(0, 16) + "...); the object is damaged");
        }
        return open(key, sealed);
    }

    public byte[] open(ObjectKey key, byte[] sealed) throws CorruptObjectException {
        try {
            return BlobCodec.decode(cipher.open(sealed));
        } catch (AuthenticationException e) {
            throw new CorruptObjectException(storage.location() + ": " + key + ": does not decrypt with this "
                    + "repository's key (damaged or tampered with)", e);
        } catch (CorruptBlobException e) {
            throw new CorruptObjectException(storage.location() + ": " + key + ": " + e.getMessage(), e);
        }
    }

    /** Names of every object of a kind. */
    public List<String> names(ObjectKind kind) throws IOException {
        List<String> out = new ArrayList<>();
        storage.list(kind).forEach(i -> out.add(i.key().name()));
        return out;
    }

    static boolean isContentNamed(ObjectKind kind) {
        return kind == ObjectKind.INDEX || kind == ObjectKind.SNAPSHOTS;
    }
}
