package dev.arca.repository;

import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.repository.chunker.Chunker;
import dev.arca.repository.compress.BlobCodec;
import dev.arca.repository.compress.CorruptBlobException;
import dev.arca.repository.crypto.AuthenticationException;
import dev.arca.repository.crypto.BlobHasher;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ChunkCheck;
import dev.arca.repository.crypto.KeySlot;
import dev.arca.repository.crypto.MasterKey;
import dev.arca.repository.crypto.ObjectCipher;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.index.IndexFile;
import dev.arca.repository.lock.LockStore;
import dev.arca.repository.pack.FinishedPack;
import dev.arca.repository.pack.PackEntry;
import dev.arca.repository.pack.Packer;
import dev.arca.repository.snapshot.SnapshotStore;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An open repository: the one way to read and write Arca's format. Saving a blob deduplicates it
 * against everything already stored (and in flight), seals it and hands it to the packer; {@link
 * #flush} makes everything saved so far durable and indexed. Snapshots must be written only after a
 * flush, so that a snapshot never refers to data that is not stored.
 */
public final class Repository implements AutoCloseable {
    static final ObjectKey CONFIG = ObjectKey.of(ObjectKind.CONFIG, "config");
    /** Write an index file after this many new packs, so a long interrupted backup still leaves its packs usable. */
    private static final int INDEX_EVERY_PACKS = 64;
    /**
     * Or this many blobs, whichever comes first: packs of small files hold thousands of blobs each, and
     * their listings wait in memory until written (bench/scale.sh: 50,000 blobs per pack).
     */
    private static final int INDEX_EVERY_BLOBS = 1 << 16;

    private final Storage storage;
    private final MasterKey key;
    private final String slotId;
    private final RepositoryConfig config;
    private final Clock clock;
    private final ObjectCipher cipher;
    private final BlobHasher hasher;
    private final ChunkCheck checks;
    private final BlobCodec codec;
    private final SealedObjects objects;
    private final BlobIndex index = new BlobIndex();
    private final Set<BlobId> inFlight = ConcurrentHashMap.newKeySet();
    private final List<IndexFile.PackBlobs> unindexed = new ArrayList<>();
    private int unindexedBlobs;
    private volatile boolean indexLoaded;
    private final List<String> damagedIndexes = new ArrayList<>();
    private Packer packer;

    private Repository(Storage storage, MasterKey key, String slotId, RepositoryConfig config, Clock clock) {
        // Arca keeps its own promise even where the medium cannot enforce it (DESIGN.md section 5).
        storage = config.immutability() > 0
                ? new dev.arca.storage.decorate.ImmutableStorage(storage, java.time.Duration.ofDays(config.immutability()), clock)
                : storage;
        this.storage = storage;
        this.key = key;
        this.slotId = slotId;
        this.config = config;
        this.clock = clock;
        this.cipher = new ObjectCipher(key.encryptionKey());
        this.hasher = new BlobHasher(key.idKey());
        this.checks = new ChunkCheck(key.idKey());
        this.codec = new BlobCodec(config.compressionLevel());
        this.objects = new SealedObjects(storage, cipher, codec);
    }

    /** Settings for a new repository. */
    public record InitOptions(ScryptParams kdf, int compressionLevel, int packSize, ChunkSizes chunks, String host, String user,
                              int immutableDays) {
        public InitOptions(ScryptParams kdf, int compressionLevel, int packSize, ChunkSizes chunks, String host, String user) {
            this(kdf, compressionLevel, packSize, chunks, host, user, 0);
        }

        /** The same settings for a repository from which nothing may be removed for {@code days} days. */
        public InitOptions immutableFor(int days) {
            return new InitOptions(kdf, compressionLevel, packSize, chunks, host, user, days);
        }

        public static InitOptions defaults(String host, String user) {
            return new InitOptions(ScryptParams.DEFAULT, BlobCodec.DEFAULT_LEVEL, RepositoryConfig.DEFAULT_PACK_SIZE,
                    ChunkSizes.DEFAULT, host, user);
        }
    }

    /**
     * Creates a repository in empty storage. The key slot is written before the config, and the config
     * is what marks a repository as present, so an interrupted init leaves no half-repository behind.
     */
    public static Repository init(Storage storage, char[] password, InitOptions options, Clock clock) throws IOException {
        if (storage.stat(CONFIG).isPresent()) {
            throw new RepositoryExistsException(storage.location());
        }
        SecureRandom random = new SecureRandom();
        return create(storage, MasterKey.generate(random), random, password, options, options.chunks(), clock);
    }

    /**
     * Creates a copy target of {@code source} ({@code arca init --like}): it takes the source's id key,
     * chunker secret and chunk sizes, so that the same data gets the same blob ids and {@code arca copy}
     * sends only what is missing, but has its own encryption key and key slot. Nothing of the source is
     * recorded in the target: the shared keys are the relationship.
     */
    public static Repository initLike(Storage storage, char[] password, Repository source, InitOptions options, Clock clock)
            throws IOException {
        if (storage.stat(CONFIG).isPresent()) {
            throw new RepositoryExistsException(storage.location());
        }
        SecureRandom random = new SecureRandom();
        return create(storage, source.key.withNewEncryptionKey(random), random, password, options, source.config.chunks(), clock);
    }

    /** Writes the key slot, then the config that marks the repository as present (see {@link #init}). */
    private static Repository create(Storage storage, MasterKey key, SecureRandom random, char[] password, InitOptions options,
                                     ChunkSizes chunks, Clock clock) throws IOException {
        KeySlot slot = new KeyRing(storage).add(key, password, options.kdf(), options.host(), options.user());
        byte[] id = new byte[16];
        random.nextBytes(id);
        RepositoryConfig config = new RepositoryConfig(RepositoryConfig.FORMAT_VERSION, HexFormat.of().formatHex(id),
                chunks, options.compressionLevel(), options.packSize(),
                options.immutableDays() > 0 ? options.immutableDays() : null);
        Repository repo = new Repository(storage, key, slot.id(), config, clock);
        repo.objects.saveNamed(CONFIG, ConfigJson.write(config));
        repo.indexLoaded = true;
        return repo;
    }

    /**
     * Opens a repository with a password.
     *
     * @throws NoRepositoryException if there is no repository there
     * @throws WrongPasswordException if no key slot opens with the password
     */
    public static Repository open(Storage storage, char[] password, Clock clock) throws IOException, WrongPasswordException {
        if (storage.stat(CONFIG).isEmpty()) {
            throw new NoRepositoryException(storage.location());
        }
        PhaseTrace.mark("open");
        List<KeySlot> slots = new KeyRing(storage).list();
        PhaseTrace.mark("key-slots-read");
        // One key derivation per slot tried, stopping at the first that opens: scrypt is the slow step of opening.
        MasterKey key = null;
        String slotId = "";
        for (KeySlot slot : slots) {
            try {
                key = slot.unlock(password);
                slotId = slot.id();
                break;
            } catch (WrongPasswordException e) {
                // try the next slot
            }
        }
        if (key == null) {
            throw new WrongPasswordException("wrong password or no key slot matches (tried " + slots.size() + " key slots)");
        }
        PhaseTrace.mark("key-derived");
        ObjectCipher cipher = new ObjectCipher(key.encryptionKey());
        SealedObjects reader = new SealedObjects(storage, cipher, new BlobCodec());
        RepositoryConfig config;
        try {
            config = ConfigJson.read(reader.load(CONFIG));
        } catch (CorruptObjectException e) {
            // The reader wraps what the record's constructor throws; a version this Arca does not read is not damage.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnsupportedFormatException u) {
                    throw new UnsupportedFormatException(storage.location() + ": " + u.getMessage());
                }
            }
            throw e;
        }
        PhaseTrace.mark("opened");
        return new Repository(storage, key, slotId, config, clock);
    }

    public RepositoryConfig config() {
        return config;
    }

    public Storage storage() {
        return storage;
    }

    public Clock clock() {
        return clock;
    }

    public MasterKey masterKey() {
        return key;
    }

    /** The id of the key slot this session was opened with. */
    public String slotId() {
        return slotId;
    }

    public KeyRing keys() {
        return new KeyRing(storage);
    }

    public SealedObjects objects() {
        return objects;
    }

    public ObjectCipher cipher() {
        return cipher;
    }

    public Chunker chunker() {
        return new Chunker(key.chunkerSecret(), config.chunks());
    }

    public BlobHasher hasher() {
        return hasher;
    }

    /** The chunk checks (format B.3a) that let a backup confirm a parent chunk without its id. */
    public ChunkCheck checks() {
        return checks;
    }

    /**
     * Whether {@code other} gives the same data the same blob ids (it was created {@code --like} this
     * one, or this one like it), which is what lets a copy between them compare ids.
     */
    public boolean sharesBlobIdsWith(Repository other) {
        return key.sharesIdKeyWith(other.key);
    }

    /** The log area: database WAL and binlog files, stored as they are written. */
    public dev.arca.repository.log.LogArchive logs() {
        return new dev.arca.repository.log.LogArchive(objects, hasher);
    }

    public SnapshotStore snapshots() {
        return new SnapshotStore(objects);
    }

    public LockStore locks(String host, String user) {
        return new LockStore(objects, clock, host, user);
    }

    /** The blob index, loading every index file on first use. */
    public BlobIndex index() throws IOException {
        if (!indexLoaded) {
            synchronized (this) {
                if (!indexLoaded) {
                    for (String name : objects.names(ObjectKind.INDEX)) {
                        try {
                            IndexFile f = IndexFile.decode(name, objects.load(ObjectKey.of(ObjectKind.INDEX, name)));
                            for (IndexFile.PackBlobs p : f.packs()) {
                                index.addPack(p.pack(), p.blobs());
                            }
                        } catch (CorruptObjectException e) {
                            // A torn index write of a failed run must not make the whole repository unusable:
                            // the rest is still read, restore reports what it cannot find, and check names the file.
                            damagedIndexes.add(e.getMessage());
                        }
                    }
                    indexLoaded = true;
                }
            }
        }
        return index;
    }

    /** Index files that could not be read when the index was loaded, each with the reason. */
    public List<String> damagedIndexes() {
        return List.copyOf(damagedIndexes);
    }

    /** What {@link #saveBlob} did: the blob's id, and the bytes it added to the repository (0 if it was known). */
    public record Saved(BlobId id, boolean added, int storedLength) {
    }

    /** Saves a blob unless the repository already has it. Thread-safe; call {@link #flush} to make it durable. */
    public Saved saveBlob(BlobType type, byte[] data, int offset, int length) throws IOException {
        return saveBlob(type, hasher.hash(data, offset, length), data, offset, length);
    }

    /** Like {@link #saveBlob(BlobType, byte[], int, int)} for a caller that has already computed the id. */
    public Saved saveBlob(BlobType type, BlobId id, byte[] data, int offset, int length) throws IOException {
        packer().checkHealthy();
        if (index().contains(id) || !inFlight.add(id)) {
            return new Saved(id, false, 0);
        }
        byte[] buffer = BlobScratch.forBlob(length);
        int encodedLength = codec.encode(data, offset, length, buffer, ObjectCipher.NONCE_LENGTH);
        return seal(type, id, buffer, encodedLength, length);
    }

    /**
     * A blob as the codec encoded it (compressed or raw, with its header), decrypted and verified: what a
     * copy re-encrypts for another repository without compressing it again.
     */
    public record EncodedBlob(BlobId id, byte[] encoded, int plainLength) {
    }

    /** Reads a blob, verifies it like {@link #loadBlob}, and returns it still encoded. */
    public EncodedBlob loadEncodedBlob(BlobId id) throws IOException {
        Sealed sealed = readSealed(id);
        byte[] encoded = decrypt(id, sealed.pack(), sealed.bytes(), 0, sealed.bytes().length);
        return new EncodedBlob(id, encoded, verify(id, sealed.pack(), encoded).length);
    }

    /**
     * Saves a blob another repository encoded and this one's {@link #loadEncodedBlob} verified, sealing it
     * with this repository's key; its id must come from a repository sharing this one's id key.
     */
    public Saved saveEncodedBlob(BlobType type, EncodedBlob blob) throws IOException {
        packer().checkHealthy();
        if (index().contains(blob.id()) || !inFlight.add(blob.id())) {
            return new Saved(blob.id(), false, 0);
        }
        byte[] encoded = blob.encoded();
        byte[] buffer = BlobScratch.forBlob(blob.plainLength());
        System.arraycopy(encoded, 0, buffer, ObjectCipher.NONCE_LENGTH, encoded.length);
        return seal(type, blob.id(), buffer, encoded.length, blob.plainLength());
    }

    /** Seals the encoding at {@code buffer[NONCE_LENGTH ..]} in place and hands it to the packer. */
    private Saved seal(BlobType type, BlobId id, byte[] buffer, int encodedLength, int plainLength) throws IOException {
        int sealedLength = cipher.sealInPlace(buffer, encodedLength, id.bytes());
        packer().add(type, id, buffer, sealedLength, plainLength);
        return new Saved(id, true, sealedLength);
    }

    /** Reads a blob and verifies that its plaintext hashes to its id. */
    public byte[] loadBlob(BlobId id) throws IOException {
        Sealed sealed = readSealed(id);
        return openBlob(id, sealed.pack(), sealed.bytes(), 0, sealed.bytes().length);
    }

    /**
     * Reads a blob for a restore into an array of its own, verified by its authentication alone like
     * {@link #openBlobInPlace}: for streamed restores (a database's base backup, a file to standard
     * output), where hashing every byte again would be most of the CPU.
     */
    public byte[] readBlob(BlobId id) throws IOException {
        Sealed sealed = readSealed(id);
        return decode(id, sealed.pack(), decrypt(id, sealed.pack(), sealed.bytes(), 0, sealed.bytes().length));
    }

    /** Opens a sealed blob read from a pack and verifies it against its id. */
    public byte[] openBlob(BlobId id, String pack, byte[] buf, int offset, int length) throws CorruptObjectException {
        return verify(id, pack, decrypt(id, pack, buf, offset, length));
    }

    /**
     * Like {@link #openBlob}, but decrypting in place, for restores: the sealed bytes in {@code buf} are
     * replaced, and the plaintext is a view into {@code buf} (a blob stored raw) or into a buffer this
     * thread reuses (a compressed one), valid until its next call here. A restore reads a pack range into
     * a buffer of its own and writes each blob out at once; a second buffer per thread, grown to the
     * largest blob met, left up to 10 MiB of arrays behind in a restore of the benchmark's data set.
     *
     * <p>The blob is verified by its authentication alone: it was sealed with its id as associated data,
     * so only the bytes written under this id open. Hashing the plaintext again, as {@link #openBlob}
     * does, would also catch a writer that hashed other bytes than it stored (memory damaged on the
     * backup host), which {@code check --read-data} is for; on a restore it would cost a second pass
     * over every byte, as much CPU as decrypting and decompressing together.
     */
    public BlobCodec.Plain openBlobInPlace(BlobId id, String pack, byte[] buf, int offset, int length)
            throws CorruptObjectException {
        int encodedLength;
        try {
            encodedLength = cipher.openInPlace(buf, offset, length, id.bytes());
        } catch (AuthenticationException e) {
            throw undecryptable(id, pack, e);
        }
        return decoded(id, pack, buf, offset + ObjectCipher.NONCE_LENGTH, encodedLength);
    }

    /** Opens a sealed blob into this thread's buffers, leaving {@code buf} as it was: prune copies what it verified. */
    private BlobCodec.Plain openShared(BlobId id, String pack, byte[] buf, int offset, int length)
            throws CorruptObjectException {
        byte[] decrypted = BlobScratch.forDecrypted(Math.max(length, ObjectCipher.OVERHEAD));
        int encodedLength;
        try {
            encodedLength = cipher.open(buf, offset, length, decrypted, id.bytes());
        } catch (AuthenticationException e) {
            throw undecryptable(id, pack, e);
        }
        return decoded(id, pack, decrypted, 0, encodedLength);
    }

    /**
     * Verifies a sealed blob read from a pack as {@link #openBlob} does, decrypting and decoding into
     * buffers this thread reuses: for check's reading of every pack, whose per-blob arrays would otherwise
     * outlive young collections while other readers fill the heap, and pile up in the old generation.
     */
    public void verifyBlob(BlobId id, String pack, byte[] buf, int offset, int length) throws CorruptObjectException {
        BlobCodec.Plain plain = openShared(id, pack, buf, offset, length);
        if (!hasher.hash(plain.array(), plain.offset(), plain.length()).equals(id)) {
            throw mismatch(id, pack);
        }
    }

    private static BlobCodec.Plain decoded(BlobId id, String pack, byte[] encoded, int offset, int length)
            throws CorruptObjectException {
        try {
            return BlobCodec.decode(encoded, offset, length, BlobScratch.forDecoded());
        } catch (CorruptBlobException e) {
            throw undecodable(id, pack, e);
        }
    }

    private record Sealed(String pack, byte[] bytes) {
    }

    private Sealed readSealed(BlobId id) throws IOException {
        BlobIndex.Location at = index().find(id)
                .orElseThrow(() -> new CorruptObjectException("blob " + id.hex() + " is not in any index: the data it held is missing"));
        return new Sealed(at.pack(), storage.load(ObjectKey.of(ObjectKind.DATA, at.pack()), at.offset(), at.length()));
    }

    private byte[] decrypt(BlobId id, String pack, byte[] buf, int offset, int length) throws CorruptObjectException {
        try {
            byte[] encoded = new byte[Math.max(0, length - ObjectCipher.OVERHEAD)];
            cipher.open(buf, offset, length, encoded, id.bytes());
            return encoded;
        } catch (AuthenticationException e) {
            throw undecryptable(id, pack, e);
        }
    }

    private static CorruptObjectException undecryptable(BlobId id, String pack, AuthenticationException e) {
        return new CorruptObjectException("blob " + id.hex() + " in pack " + pack + " does not decrypt (damaged or tampered with)", e);
    }

    private static CorruptObjectException undecodable(BlobId id, String pack, CorruptBlobException e) {
        return new CorruptObjectException("blob " + id.hex() + " in pack " + pack + ": " + e.getMessage(), e);
    }

    private static CorruptObjectException mismatch(BlobId id, String pack) {
        return new CorruptObjectException("blob " + id.hex() + " in pack " + pack + " has content that does not match its id");
    }

    private static byte[] decode(BlobId id, String pack, byte[] encoded) throws CorruptObjectException {
        try {
            return BlobCodec.decode(encoded);
        } catch (CorruptBlobException e) {
            throw undecodable(id, pack, e);
        }
    }

    /** Decodes an encoded blob and checks it against its id; returns the plaintext. */
    private byte[] verify(BlobId id, String pack, byte[] encoded) throws CorruptObjectException {
        byte[] plain = decode(id, pack, encoded);
        if (!hasher.hash(plain).equals(id)) {
            throw mismatch(id, pack);
        }
        return plain;
    }

    /** Stores every pending pack and writes an index file for the new packs. */
    public void flush() throws IOException {
        Packer p;
        synchronized (this) {
            p = packer;
        }
        if (p != null) {
            p.flush();
        }
        writeIndex();
    }

    private synchronized Packer packer() {
        if (packer == null) {
            int uploads = 2;
            packer = new Packer(storage, cipher, config.packSize(), uploads, this::stored);
        }
        return packer;
    }

    private void stored(FinishedPack pack) throws IOException {
        index.addPack(pack.name(), pack.entries());
        for (PackEntry e : pack.entries()) {
            inFlight.remove(e.id());
        }
        boolean writeNow;
        synchronized (unindexed) {
            unindexed.add(new IndexFile.PackBlobs(pack.name(), pack.entries()));
            unindexedBlobs += pack.entries().size();
            writeNow = unindexed.size() >= INDEX_EVERY_PACKS || unindexedBlobs >= INDEX_EVERY_BLOBS;
        }
        if (writeNow) {
            writeIndex();
        }
    }

    private void writeIndex() throws IOException {
        List<IndexFile.PackBlobs> packs;
        synchronized (unindexed) {
            if (unindexed.isEmpty()) {
                return;
            }
            packs = new ArrayList<>(unindexed);
            unindexed.clear();
            unindexedBlobs = 0;
        }
        saveIndexFile(new IndexFile(packs, List.of()));
    }

    /** Writes an index file (used by prune and copy); returns its name. */
    public String saveIndexFile(IndexFile file) throws IOException {
        return objects.saveNamedByContent(ObjectKind.INDEX, file.encode());
    }

    @Override
    public void close() {
        Packer p;
        synchronized (this) {
            p = packer;
            packer = null;
        }
        if (p != null) {
            p.close();
        }
    }
}
