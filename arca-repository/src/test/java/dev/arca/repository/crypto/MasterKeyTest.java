package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void generatesThreeIndependentKeys() {
        MasterKey key = MasterKey.generate(random);

        assertThat(key.encryptionKey()).hasSize(32).isNotEqualTo(key.idKey()).isNotEqualTo(key.chunkerSecret());
        assertThat(key.idKey()).isNotEqualTo(key.chunkerSecret());
        assertThat(MasterKey.generate(random)).isNotEqualTo(key);
    }

    @Test
    void copyTargetKeySharesChunkerSecretAndIdKeyButNotTheEncryptionKey() {
        MasterKey source = MasterKey.generate(random);

        MasterKey target = source.withNewEncryptionKey(random);

        assertThat(target.chunkerSecret()).isEqualTo(source.chunkerSecret());
        assertThat(target.idKey()).isEqualTo(source.idKey());
        assertThat(target.encryptionKey()).isNotEqualTo(source.encryptionKey());
    }

    @Test
    void cannotBeChangedThroughItsArrays() {
        byte[] encryption = Keys.random(1);
        MasterKey key = new MasterKey(encryption, Keys.random(2), Keys.random(3));

        encryption[0] ^= 1;
        key.idKey()[0] ^= 1;

        assertThat(key.encryptionKey()).isEqualTo(Keys.random(1));
        assertThat(key.idKey()).isEqualTo(Keys.random(2));
    }

    @Test
    void encodesTheThreeKeysInComponentOrder() {
        MasterKey key = new MasterKey(Keys.random(1), Keys.random(2), Keys.random(3));

        byte[] encoded = key.encoded();

        assertThat(encoded).hasSize(96).startsWith(Keys.random(1)).endsWith(Keys.random(3));
        assertThat(MasterKey.decode(encoded)).isEqualTo(key);
    }

    @Test
    void neverPrintsKeyBytes() {
        assertThat(MasterKey.generate(random)).hasToString("MasterKey[redacted]");
    }

    @Test
    void rejectsAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new MasterKey(Keys.random(1), Keys.random(2), new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunker secret: expected 32 bytes, got 8");
    }
}
