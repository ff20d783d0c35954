package dev.arca.repository.crypto;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.JsonFields;
import dev.arca.repository.JsonReader;
import dev.arca.repository.JsonReader.Token;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link KeySlot}. Written field by field rather than by data binding, so that the
 * file format is spelled out here and cannot drift when the record changes; read into plain maps by
 * {@link JsonReader}, since every command reads a key slot first and an object mapper's first
 * use cost 30-50 ms of that (see {@link JsonFields}).
 */
final class KeySlotJson {
    static final int VERSION = 1;
    static final String SCRYPT = "scrypt";

    private KeySlotJson() {
    }

    static byte[] write(KeySlot slot) {
        return JsonFields.write(g -> {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeStringField("id", slot.id());
            g.writeStringField("created", slot.created().toString());
            g.writeStringField("host", slot.host());
            g.writeStringField("user", slot.user());
            g.writeObjectFieldStart("kdf");
            g.writeStringField("name", SCRYPT);
            g.writeNumberField("n", slot.kdf().n());
            g.writeNumberField("r", slot.kdf().r());
            g.writeNumberField("p", slot.kdf().p());
            g.writeStringField("salt", Base64.getEncoder().encodeToString(slot.salt()));
            g.writeEndObject();
            g.writeStringField("wrappedKey", Base64.getEncoder().encodeToString(slot.wrappedKey()));
            g.writeEndObject();
        });
    }

    static KeySlot read(byte[] json) throws KeySlotFormatException {
        Object parsed;
        try {
            JsonReader p = new JsonReader(json);
            Token first = p.next();
            parsed = first == null ? null : value(p, first);
        } catch (CorruptObjectException e) {
            throw new KeySlotFormatException("key slot: not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new KeySlotFormatException("key slot: expected a JSON object");
        }
        String id = root.get("id") instanceof String s ? s : "(no id)";
        String name = "key slot " + id;
        int version = integer(root, "version", name);
        if (version != VERSION) {
            throw new KeySlotFormatException(name + ": unsupported version " + version + " (this Arca reads version "
                    + VERSION + ")");
        }
        if (!(root.get("kdf") instanceof Map<?, ?> kdf)) {
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

    /** A JSON value as plain Java: objects as maps, arrays as lists, whole numbers as longs (or big integers). */
    private static Object value(JsonReader p, Token t) throws CorruptObjectException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (Token f = p.next(); f != Token.END_OBJECT; f = p.next()) {
                    String field = p.name();
                    object.put(field, value(p, p.next()));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (Token e = p.next(); e != Token.END_ARRAY; e = p.next()) {
                    array.add(value(p, e));
                }
                return array;
            }
            case VALUE_STRING -> {
                return p.text();
            }
            case VALUE_NUMBER_INT -> {
                return p.isBigInteger() ? p.bigIntegerValue() : p.longValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.doubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return t == Token.VALUE_TRUE;
            }
            default -> {
                return null;
            }
        }
    }

    private static String text(Map<?, ?> parent, String field, String name) throws KeySlotFormatException {
        if (!(parent.get(field) instanceof String text)) {
            throw new KeySlotFormatException(name + ": missing text field '" + field + "'");
        }
        return text;
    }

    private static int integer(Map<?, ?> parent, String field, String name) throws KeySlotFormatException {
        if (!(parent.get(field) instanceof Long n) || n != n.intValue()) {
            throw new KeySlotFormatException(name + ": missing integer field '" + field + "'");
        }
        return n.intValue();
    }

    private static Instant instant(Map<?, ?> parent, String field, String name) throws KeySlotFormatException {
        String text = text(parent, field, name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new KeySlotFormatException(
                    name + ": field '" + field + "' is not an ISO-8601 instant: '" + text + "'", e);
        }
    }

    private static byte[] base64(Map<?, ?> parent, String field, String name) throws KeySlotFormatException {
        String text = text(parent, field, name);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeySlotFormatException(name + ": field '" + field + "' is not base64", e);
        }
    }
}
