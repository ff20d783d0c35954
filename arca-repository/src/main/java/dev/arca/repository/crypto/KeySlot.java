package dev.arca.repository.crypto;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One password's way into the repository: the {@link MasterKey} sealed with AES-256-GCM under a key
 * that scrypt derives from the password and a random salt. A repository has one slot per password,
 * so passwords can be added and removed without re-encrypting any data.
 *
 * <p>The slot file is plain JSON ({@link #toJson()}): everything in it but the wrapped key is public
 * by design, and the wrapped key is useless without the password.
 *
 * @param id 32 lower-case hex digits, random, naming the slot
 * @param created when the slot was created
 * @param host the host the slot was created on, a label for humans
 * @param user the user who created it, a label for humans
 * @param kdf the scrypt cost parameters
 * @param salt the scrypt salt, 32 random bytes
 * @param wrappedKey {@link ObjectCipher} output: the sealed 96-byte {@link MasterKey} encoding
 */
public record KeySlot(String id, Instant created, String host, String user, ScryptParams kdf, byte[] salt,
                      byte[] wrappedKey) {
    static final int SALT_LENGTH = 32;
    static final int WRAPPED_LENGTH = MasterKey.ENCODED_LENGTH + ObjectCipher.OVERHEAD;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public KeySlot {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key slot '" + id + "': id must be 32 lower-case hex digits");
        }
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kdf, "kdf");
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException(
                    "key slot " + id + ": salt must be " + SALT_LENGTH + " bytes, got " + salt.length);
        }
        if (wrappedKey.length != WRAPPED_LENGTH) {
            throw new IllegalArgumentException("key slot " + id + ": wrapped key must be " + WRAPPED_LENGTH
                    + " bytes, got " + wrappedKey.length);
        }
        salt = salt.clone();
        wrappedKey = wrappedKey.clone();
    }

    /** A new slot that opens {@code key} with {@code password}, labelled with the creating host and user. */
    public static KeySlot create(MasterKey key, char[] password, ScryptParams kdf, String host, String user) {
        if (password.length == 0) {
            throw new IllegalArgumentException("key slot: the password is empty");
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[16];
        random.nextBytes(id);
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] wrapped = new ObjectCipher(derive(password, salt, kdf), random).seal(key.encoded());
        return new KeySlot(HexFormat.of().formatHex(id), Instant.now(), host, user, kdf, salt, wrapped);
    }

    /** The master key, if {@code password} is this slot's. */
    public MasterKey unlock(char[] password) throws WrongPasswordException {
        try {
            return MasterKey.decode(new ObjectCipher(derive(password, salt, kdf)).open(wrappedKey));
        } catch (AuthenticationException e) {
            throw new WrongPasswordException("key slot " + id + ": wrong password");
        }
    }

    /** The master key from the first slot that {@code password} opens, trying them in order. */
    public static MasterKey unlockAny(Collection<KeySlot> slots, char[] password) throws WrongPasswordException {
        for (KeySlot slot : slots) {
            try {
                return slot.unlock(password);
            } catch (WrongPasswordException e) {
                // Try the next slot; the combined failure below is what the user needs to see.
            }
        }
        throw new WrongPasswordException(
                "wrong password or no key slot matches (tried " + slots.size() + " key slots)");
    }

    /** The slot file: UTF-8 JSON as described in FORMAT-PRIMITIVES.md. */
    public byte[] toJson() {
        return KeySlotJson.write(this);
    }

    public static KeySlot fromJson(byte[] json) throws KeySlotFormatException {
        return KeySlotJson.read(json);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeySlot other && id.equals(other.id) && created.equals(other.created)
                && host.equals(other.host) && user.equals(other.user) && kdf.equals(other.kdf)
                && Arrays.equals(salt, other.salt) && Arrays.equals(wrappedKey, other.wrappedKey);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "KeySlot[" + id + ", created " + created + " by " + user + "@" + host + ", scrypt n=" + kdf.n()
                + " r=" + kdf.r() + " p=" + kdf.p() + "]";
    }

    /**
     * The key-encryption key: scrypt over the UTF-8 bytes of the NFC-normalised password, so that the
     * same password typed on systems that compose accents differently still opens the slot.
     */
    private static byte[] derive(char[] password, byte[] salt, ScryptParams kdf) {
        String normalized = Normalizer.normalize(CharBuffer.wrap(password), Normalizer.Form.NFC);
        byte[] passwordBytes = normalized.getBytes(StandardCharsets.UTF_8);
        try {
            return Scrypt.derive(passwordBytes, salt, kdf, KeyBytes.LENGTH);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }
}
