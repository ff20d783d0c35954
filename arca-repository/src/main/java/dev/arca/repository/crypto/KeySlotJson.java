package dev.arca.repository.crypto;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The JSON form of a {@link KeySlot}. Written field by field from a tree rather than by data binding,
 * so that the file format is spelled out here and cannot drift when the record changes.
 */
final class KeySlotJson {
    static final int VERSION = 1;
    static final String SCRYPT = "scrypt";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KeySlotJson() {
    }

    static byte[] write(KeySlot slot) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("id", slot.id());
        root.put("created", slot.created().toString());
        root.put("host", slot.host());
        root.put("user", slot.user());
        ObjectNode kdf = root.putObject("kdf");
        kdf.put("name", SCRYPT);
        kdf.put("n", slot.kdf().n());
        kdf.put("r", slot.kdf().r());
        kdf.put("p", slot.kdf().p());
        kdf.put("salt", Base64.getEncoder().encodeToString(slot.salt()));
        root.put("wrappedKey", Base64.getEncoder().encodeToString(slot.wrappedKey()));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("key slot " + slot.id() + ": cannot write a JSON tree to memory", e);
        }
    }

    static KeySlot read(byte[] json) throws KeySlotFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new KeySlotFormatException("key slot: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new KeySlotFormatException("key slot: cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new KeySlotFormatException("key slot: expected a JSON object");
        }
        String id = root.path("id").isTextual() ? root.get("id").asText() : "(no id)";
        String name = "key slot " + id;
        int version = integer(root, "version", name);
        if (version != VERSION) {
            throw new KeySlotFormatException(name + ": unsupported version " + version + " (this Arca reads version "
                    + VERSION + ")");
        }
        JsonNode kdf = root.path("kdf");
        if (!kdf.isObject()) {
            throw new KeySlotFormatException(name + ": missing object field 'kdf'");
        }
        String kdfName = text(kdf, "name", name);
        if (!kdfName.equals(SCRYPT)) {
            throw new KeySlotFormatException(
                    name + ": unsupported kdf '" + kdfName + "' (this Arca knows " + SCRYPT + ")");
        }
        ScryptParams params;
        try {
            params = new ScryptParams(integer(kdf, "n", name), integer(kdf, "r", name), integer(kdf, "p", name));
        } catch (IllegalArgumentException e) {
            throw new KeySlotFormatException(name + ": " + e.getMessage(), e);
        }
        try {
            return new KeySlot(text(root, "id", name), instant(root, "created", name), text(root, "host", name),
                    text(root, "user", name), params, base64(kdf, "salt", name), base64(root, "wrappedKey", name));
        } catch (IllegalArgumentException e) {
            throw new KeySlotFormatException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode parent, String field, String name) throws KeySlotFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new KeySlotFormatException(name + ": missing text field '" + field + "'");
        }
        return node.asText();
    }

    private static int integer(JsonNode parent, String field, String name) throws KeySlotFormatException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new KeySlotFormatException(name + ": missing integer field '" + field + "'");
        }
        return node.intValue();
    }

    private static Instant instant(JsonNode parent, String field, String name) throws KeySlotFormatException {
        String text = text(parent, field, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new KeySlotFormatException(
                    name + ": field '" + field + "' is not an ISO-8601 instant: '" + text + "'", e);
        }
    }

    private static byte[] base64(JsonNode parent, String field, String name) throws KeySlotFormatException {
        String text = text(parent, field, name);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeySlotFormatException(name + ": field '" + field + "' is not base64", e);
        }
    }
}
