package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ObjectCipherTest {
    private static final String TAMPERED = " bytes failed authentication: wrong key, or altered or truncated data";
    private final ObjectCipher cipher = new ObjectCipher(Keys.random(1));

    @Test
    void sealsAndOpensFourMebibytesThroughTheSlicedPath() throws Exception {
        byte[] plaintext = Keys.bytes(4 * 1024 * 1024 + 123, 2);

        byte[] sealed = cipher.seal(plaintext);

        assertThat(plaintext.length).isGreaterThan(10 * ObjectCipher.SLICE);
        assertThat(sealed).hasSize(plaintext.length + ObjectCipher.OVERHEAD);
        assertThat(cipher.open(sealed)).isEqualTo(plaintext);
    }

    @Test
    void opensTheKnownAnswerVectorOfTheFormatDocument() throws Exception {
        byte[] sealed = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab877a1f980dd730b25cb2903ece45a08c1eec24");
        byte[] opened = new ObjectCipher(Keys.sequential()).open(sealed);

        assertThat(opened).asString(StandardCharsets.US_ASCII).isEqualTo("abc");
    }

    @Test
    void opensTheAssociatedDataVectorOfTheFormatDocumentOnlyWithThatData() throws Exception {
        byte[] sealed = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab877a1f96d0739d2b66baad2f33b36b6f798532");
        byte[] associated = new byte[32];
        for (int i = 0; i < associated.length; i++) {
            associated[i] = (byte) (0x20 + i);
        }
        ObjectCipher cipher = new ObjectCipher(Keys.sequential());
        byte[] opened = new byte[3];

        assertThat(cipher.open(sealed, 0, sealed.length, opened, associated)).isEqualTo(3);
        assertThat(opened).asString(StandardCharsets.US_ASCII).isEqualTo("abc");
        associated[31] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, 0, sealed.length, opened, associated))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("sealed object of 31 bytes failed authentication: wrong key, or altered or truncated data, "
                        + "or not the object it was asked for");
        assertThatThrownBy(() -> cipher.open(sealed)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void sealsAndOpensInPlaceWithAssociatedData() throws Exception {
        ObjectCipher cipher = new ObjectCipher(Keys.random(4));
        byte[] plaintext = Keys.bytes(1_000_003, 4);
        byte[] associated = Keys.bytes(32, 5);
        byte[] sealed = sealedInPlace(cipher, plaintext, associated);
        int length = sealed.length;
        byte[] opened = new byte[plaintext.length];

        assertThat(cipher.open(sealed, 0, length, opened, associated)).isEqualTo(plaintext.length);
        assertThat(opened).isEqualTo(plaintext);
        assertThatThrownBy(() -> cipher.open(sealed, 0, length, opened, Keys.bytes(32, 6)))
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> cipher.openInPlace(sealed.clone(), 0, length, Keys.bytes(32, 6)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("sealed object of " + length + " bytes failed authentication: wrong key, or altered or "
                        + "truncated data, or not the object it was asked for");

        // Opened in place as in a restore's range buffer, between other objects' bytes, which stay as they were.
        byte[] range = Keys.bytes(100 + length + 100, 8);
        byte[] before = Arrays.copyOf(range, 100);
        byte[] after = Arrays.copyOfRange(range, 100 + length, range.length);
        System.arraycopy(sealed, 0, range, 100, length);
        assertThat(cipher.openInPlace(range, 100, length, associated)).isEqualTo(plaintext.length);
        int start = 100 + ObjectCipher.NONCE_LENGTH;
        assertThat(Arrays.copyOfRange(range, start, start + plaintext.length)).isEqualTo(plaintext);
        assertThat(Arrays.copyOf(range, 100)).isEqualTo(before);
        assertThat(Arrays.copyOfRange(range, 100 + length, range.length)).isEqualTo(after);
    }

    @Test
    void writesNonceCiphertextAndTagAsStandardAesGcm() throws Exception {
        byte[] key = Keys.random(3);
        byte[] plaintext = Keys.bytes(200_000, 3);

        byte[] sealed = new ObjectCipher(key).seal(plaintext);

        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        assertThat(jdk.doFinal(sealed, 12, sealed.length - 12)).isEqualTo(plaintext);
    }

    @Test
    void usesAFreshNonceForEveryObject() {
        byte[] plaintext = new byte[100];

        byte[] first = cipher.seal(plaintext);
        byte[] second = cipher.seal(plaintext);

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void sealsAndOpensAnEmptyObject() throws Exception {
        byte[] sealed = cipher.seal(new byte[0]);

        assertThat(sealed).hasSize(ObjectCipher.OVERHEAD);
        assertThat(cipher.open(sealed)).isEmpty();
    }

    @Test
    void sealsAndOpensSlicesOfLargerArrays() throws Exception {
        byte[] buffer = Keys.bytes(1000, 4);
        byte[] sealed = cipher.seal(buffer, 100, 500);
        byte[] framed = new byte[sealed.length + 20];
        System.arraycopy(sealed, 0, framed, 10, sealed.length);

        assertThat(cipher.open(framed, 10, sealed.length)).isEqualTo(Arrays.copyOfRange(buffer, 100, 600));
    }

    @Test
    void rejectsAFlippedBitInTheNonceTheCiphertextOrTheTag() {
        byte[] sealed = cipher.seal(Keys.bytes(300_000, 5));

        for (int position : new int[] {0, 11, 12, 150_000, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;

            assertThatThrownBy(() -> cipher.open(tampered))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessage("sealed object of " + sealed.length + TAMPERED);
        }
    }

    @Test
    void rejectsATruncatedObject() {
        byte[] sealed = cipher.seal(Keys.bytes(1000, 6));

        assertThatThrownBy(() -> cipher.open(Arrays.copyOf(sealed, sealed.length - 1)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("sealed object of " + (sealed.length - 1) + TAMPERED);
    }

    @Test
    void rejectsAnObjectShorterThanNonceAndTag() {
        assertThatThrownBy(() -> cipher.open(new byte[27]))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("sealed object of 27 bytes is shorter than its 28-byte nonce and tag: truncated");
    }

    @Test
    void rejectsAnObjectSealedUnderAnotherKey() {
        byte[] sealed = new ObjectCipher(Keys.random(7)).seal(new byte[64]);

        assertThatThrownBy(() -> cipher.open(sealed))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("sealed object of 92" + TAMPERED);
    }

    @Test
    void sealsAndOpensFromManyThreads() throws Exception {
        List<byte[]> plaintexts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            plaintexts.add(Keys.bytes(1000 * i + 70_000, 100 + i));
        }

        List<byte[]> roundTrips = Concurrently.map(plaintexts, plaintext -> cipher.open(cipher.seal(plaintext)));

        assertThat(roundTrips).containsExactlyElementsOf(plaintexts);
    }

    @Test
    void rejectsAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new ObjectCipher(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("encryption key: expected 32 bytes, got 16");
    }

    /** {@code plaintext} sealed by {@link ObjectCipher#sealInPlace}, which fills the whole buffer. */
    private static byte[] sealedInPlace(ObjectCipher cipher, byte[] plaintext, byte[] associated) {
        byte[] buffer = new byte[plaintext.length + ObjectCipher.OVERHEAD];
        System.arraycopy(plaintext, 0, buffer, ObjectCipher.NONCE_LENGTH, plaintext.length);
        assertThat(cipher.sealInPlace(buffer, plaintext.length, associated)).isEqualTo(buffer.length);
        return buffer;
    }
}
