package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySlotTest {
    /** Cheap enough for tests: 1 MiB and a few milliseconds per attempt. */
    private static final ScryptParams FAST = new ScryptParams(1 << 10, 8, 1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The example of FORMAT-PRIMITIVES.md: password "example", master key bytes 0x00 to 0x5f. */
    private static final String EXAMPLE = """
            {
              "version" : 1,
              "id" : "e09abc5e66873140f56e1067f60ff5d9",
              "created" : "2026-11-26T12:20:29.872277170Z",
              "host" : "db1.example.org",
              "user" : "backup",
              "kdf" : {
                "name" : "scrypt",
                "n" : 1024,
                "r" : 8,
                "p" : 1,
                "salt" : "8ywjS83Pr+b7KjGQfoHp9jLnOyXx/9zy7JFfedHWy7k="
              },
              "wrappedKey" : "tKNcj8Wmu1TPYy4hIEf+OfCt1ZOvw5IPeEaVQg6V9sZ/Xm9r6HEWpR4JergC6gCaaFqWth3bvichEMBQe0c\
            EWq2a902X0hxqOHJ4AOI3kFJQxnVeNOu5cojZG0LaJ7NcugkkoLfudEiZpyvISp1NBPvDI7T0JJJoLcICIw=="
            }
            """;

    private final MasterKey key = MasterKey.generate(new SecureRandom());
    private final KeySlot slot = KeySlot.create(key, "correct horse".toCharArray(), FAST, "db1", "backup");

    @Test
    void unlocksTheMasterKeyWithItsPassword() throws Exception {
        assertThat(slot.unlock("correct horse".toCharArray())).isEqualTo(key);
    }

    @Test
    void unlocksTheExampleSlotOfTheFormatDocument() throws Exception {
        KeySlot example = KeySlot.fromJson(EXAMPLE.getBytes(StandardCharsets.UTF_8));

        MasterKey unlocked = example.unlock("example".toCharArray());

        assertThat(unlocked.encoded()).isEqualTo(Keys.sequential(96));
        assertThat(example.toJson()).asString(StandardCharsets.UTF_8).isEqualToIgnoringNewLines(EXAMPLE);
    }

    @Test
    void unlocksWithTheDefaultParameters() throws Exception {
        KeySlot strong = KeySlot.create(key, "pw".toCharArray(), ScryptParams.DEFAULT, "h", "u");

        assertThat(strong.unlock("pw".toCharArray())).isEqualTo(key);
        assertThat(strong.kdf()).isEqualTo(new ScryptParams(32768, 8, 1));
    }

    @Test
    void rejectsAWrongPassword() {
        assertThatThrownBy(() -> slot.unlock("wrong horse".toCharArray()))
                .isInstanceOf(WrongPasswordException.class)
                .hasMessage("key slot " + slot.id() + ": wrong password");
    }

    @Test
    void unlocksWithWhicheverSlotThePasswordOpens() throws Exception {
        KeySlot other = KeySlot.create(key, "second".toCharArray(), FAST, "laptop", "alice");

        assertThat(KeySlot.unlockAny(List.of(slot, other), "second".toCharArray())).isEqualTo(key);
    }

    @Test
    void reportsWhenNoSlotMatches() {
        KeySlot other = KeySlot.create(key, "second".toCharArray(), FAST, "laptop", "alice");

        assertThatThrownBy(() -> KeySlot.unlockAny(List.of(slot, other), "third".toCharArray()))
                .isInstanceOf(WrongPasswordException.class)
                .hasMessage("wrong password or no key slot matches (tried 2 key slots)");
    }

    @Test
    void opensWithTheSamePasswordComposedDifferently() throws Exception {
        KeySlot accented = KeySlot.create(key, "caf\u00e9".toCharArray(), FAST, "h", "u");

        assertThat(accented.unlock("cafe\u0301".toCharArray())).isEqualTo(key);
    }

    @Test
    void recordsLabelsParametersAndFreshRandomness() {
        KeySlot again = KeySlot.create(key, "correct horse".toCharArray(), FAST, "db1", "backup");

        assertThat(slot.id()).matches("[0-9a-f]{32}").isNotEqualTo(again.id());
        assertThat(slot.host()).isEqualTo("db1");
        assertThat(slot.user()).isEqualTo("backup");
        assertThat(slot.kdf()).isEqualTo(FAST);
        assertThat(slot.salt()).hasSize(32).isNotEqualTo(again.salt());
        assertThat(slot.wrappedKey()).hasSize(124);
    }

    @Test
    void writesTheJsonSchemaOfTheFormatDocument() throws Exception {
        JsonNode json = MAPPER.readTree(slot.toJson());

        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("version", "id", "created", "host", "user", "kdf", "wrappedKey");
        assertThat(json.get("version").intValue()).isEqualTo(1);
        assertThat(json.get("id").textValue()).isEqualTo(slot.id());
        assertThat(json.get("created").textValue()).isEqualTo(slot.created().toString());
        assertThat(json.get("kdf").toString()).isEqualTo("{\"name\":\"scrypt\",\"n\":1024,\"r\":8,\"p\":1,\"salt\":\""
                + Base64.getEncoder().encodeToString(slot.salt()) + "\"}");
        assertThat(Base64.getDecoder().decode(json.get("wrappedKey").textValue())).isEqualTo(slot.wrappedKey());
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        KeySlot read = KeySlot.fromJson(slot.toJson());

        assertThat(read).isEqualTo(slot);
        assertThat(read.unlock("correct horse".toCharArray())).isEqualTo(key);
    }

    @Test
    void rejectsAnAlteredWrappedKeyAsAWrongPassword() throws Exception {
        byte[] wrapped = slot.wrappedKey();
        wrapped[50] ^= 1;
        KeySlot altered =
                new KeySlot(slot.id(), slot.created(), slot.host(), slot.user(), slot.kdf(), slot.salt(), wrapped);

        assertThatThrownBy(() -> altered.unlock("correct horse".toCharArray()))
                .isInstanceOf(WrongPasswordException.class)
                .hasMessage("key slot " + slot.id() + ": wrong password");
    }

    @Test
    void rejectsAFileThatIsNotJson() {
        assertThatThrownBy(() -> KeySlot.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeySlotFormatException.class)
                .hasMessageStartingWith("key slot: not valid JSON: ");
    }

    @Test
    void rejectsAMissingField() throws Exception {
        ObjectNode json = json();
        json.remove("wrappedKey");

        assertRejected(json, "key slot " + slot.id() + ": missing text field 'wrappedKey'");
    }

    @Test
    void rejectsAnUnknownKdf() throws Exception {
        ObjectNode json = json();
        ((ObjectNode) json.get("kdf")).put("name", "argon2id");

        assertRejected(json, "key slot " + slot.id() + ": unsupported kdf 'argon2id' (this Arca knows scrypt)");
    }

    @Test
    void rejectsAnUnknownVersion() throws Exception {
        ObjectNode json = json();
        json.put("version", 2);

        assertRejected(json, "key slot " + slot.id() + ": unsupported version 2 (this Arca reads version 1)");
    }

    @Test
    void rejectsScryptParametersThatWouldExhaustMemory() throws Exception {
        ObjectNode json = json();
        ((ObjectNode) json.get("kdf")).put("n", 1 << 30);

        assertRejected(json, "key slot " + slot.id() + ": scrypt parameters: n = 1073741824, r = 8, p = 1"
                + " out of range: need r >= 1, 1 <= p <= 16 and 128 * r * n, 128 * r * p <= 1 GiB");
    }

    @Test
    void rejectsASaltOfTheWrongLength() throws Exception {
        ObjectNode json = json();
        ((ObjectNode) json.get("kdf")).put("salt", Base64.getEncoder().encodeToString(new byte[8]));

        assertRejected(json, "key slot " + slot.id() + ": salt must be 32 bytes, got 8");
    }

    @Test
    void rejectsBadBase64() throws Exception {
        ObjectNode json = json();
        json.put("wrappedKey", "not base64!");

        assertRejected(json, "key slot " + slot.id() + ": field 'wrappedKey' is not base64");
    }

    @Test
    void rejectsABadTimestamp() throws Exception {
        ObjectNode json = json();
        json.put("created", "yesterday");

        assertRejected(json, "key slot " + slot.id() + ": field 'created' is not an ISO-8601 instant: 'yesterday'");
    }

    @Test
    void rejectsAnEmptyPassword() {
        assertThatThrownBy(() -> KeySlot.create(key, new char[0], FAST, "h", "u"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key slot: the password is empty");
    }

    @Test
    void rejectsScryptCostThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new ScryptParams(1000, 8, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scrypt parameters: n = 1000 must be a power of two of at least 2");
    }

    @Test
    void neverPrintsKeyMaterial() {
        assertThat(slot.toString()).isEqualTo("KeySlot[" + slot.id() + ", created " + slot.created()
                + " by backup@db1, scrypt n=1024 r=8 p=1]");
    }

    private static void assertRejected(ObjectNode json, String message) {
        assertThatThrownBy(() -> KeySlot.fromJson(MAPPER.writeValueAsBytes(json)))
                .isInstanceOf(KeySlotFormatException.class)
                .hasMessage(message);
    }

    private ObjectNode json() throws Exception {
        return (ObjectNode) MAPPER.readTree(slot.toJson());
    }
}
