package dev.arca.repository;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.arca.repository.JsonReader.Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing the repository's JSON documents (config, snapshots, locks, key slots, trees) field
 * by field, read with {@link JsonReader} and written with Jackson's streaming generator.
 *
 * <p>Not data binding: an object mapper's first use cost every command 42-65 ms on its main thread
 * before anything else could happen (its date formats, its type introspection), more than a third of
 * what {@code arca snapshots} does (docs/BENCHMARKS.md, "2026-11-27, a seventh machine"). The documents
 * are written byte for byte as the mapper wrote them, so repositories written before read the same;
 * tests hold each codec to the mapper's output.
 */
public final class JsonFields {
    public static final JsonFactory FACTORY = new JsonFactory();
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link #text(Instant)} writes itself. */
    private static final long FIRST_PLAIN_SECOND = -62_167_219_200L;
    private static final long LAST_PLAIN_SECOND = 253_402_300_799L;

    private JsonFields() {
    }

    /** Reads an object's fields: called with each field's name, the parser on its value's first token. */
    @FunctionalInterface
    public interface FieldReader {
        void read(String field, Token value) throws IOException;
    }

    /** Reads a whole document, an object. */
    @FunctionalInterface
    public interface DocumentReader<T> {
        T read(JsonReader p) throws IOException;
    }

    /** Writes a whole document. */
    @FunctionalInterface
    public interface DocumentWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Parses {@code json}, one object and nothing after it. Any failure, including a value the record's
     * constructor refuses, becomes {@code WHAT: not a valid TYPE document: REASON}.
     */
    public static <T> T parse(byte[] json, String what, String type, DocumentReader<T> reader) throws CorruptObjectException {
        try {
            JsonReader p = new JsonReader(json);
            expect(p, p.next(), Token.START_OBJECT, "the document");
            T value = reader.read(p);
            if (p.next() != null) {
                throw new CorruptObjectException("data after the document");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new CorruptObjectException(what + ": not a valid " + type + " document: " + e.getMessage(), e);
        }
    }

    public static byte[] write(DocumentWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }

    /** Reads the fields of the object whose START_OBJECT the parser is on, up to its END_OBJECT. */
    public static void fields(JsonReader p, FieldReader reader) throws IOException {
        expect(p, p.current(), Token.START_OBJECT, "an object");
        for (Token t = p.next(); t != Token.END_OBJECT; t = p.next()) {
            String field = p.name();
            reader.read(field, p.next());
        }
    }

    public static CorruptObjectException unknown(String field) {
        return new CorruptObjectException("unknown field '" + field + "'");
    }

    public static String text(JsonReader p, Token v, String field) throws IOException {
        if (v == Token.VALUE_NULL) {
            return null;
        }
        expect(p, v, Token.VALUE_STRING, field);
        return p.text();
    }

    /** A JSON null reads as 0, as it did for the mapper. */
    public static int whole(JsonReader p, Token v, String field) throws IOException {
        return v == Token.VALUE_NULL ? 0 : Math.toIntExact(wholeLong(p, v, field));
    }

    public static long wholeLong(JsonReader p, Token v, String field) throws IOException {
        if (v == Token.VALUE_NULL) {
            return 0;
        }
        expect(p, v, Token.VALUE_NUMBER_INT, field);
        return p.longValue();
    }

    public static boolean bool(JsonReader p, Token v, String field) throws IOException {
        if (v == Token.VALUE_TRUE || v == Token.VALUE_FALSE || v == Token.VALUE_NULL) {
            return v == Token.VALUE_TRUE;
        }
        throw new CorruptObjectException(field + ": expected a boolean, got " + v + " at " + p.location());
    }

    public static List<String> strings(JsonReader p, Token v, String field) throws IOException {
        if (v == Token.VALUE_NULL) {
            return null;
        }
        expect(p, v, Token.START_ARRAY, field);
        List<String> out = new ArrayList<>();
        for (Token t = p.next(); t != Token.END_ARRAY; t = p.next()) {
            expect(p, t, Token.VALUE_STRING, field + "[" + out.size() + "]");
            out.add(p.text());
        }
        return out;
    }

    public static Map<String, String> stringMap(JsonReader p, Token v, String field) throws IOException {
        if (v == Token.VALUE_NULL) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        fields(p, (key, value) -> out.put(key, text(p, value, field + "." + key)));
        return out;
    }

    public static void expect(JsonReader p, Token got, Token wanted, String what) throws CorruptObjectException {
        if (got != wanted) {
            throw new CorruptObjectException(what + ": expected " + wanted + ", got " + got + " at " + p.location());
        }
    }

    /** Writes a field only when it has a value, as the mapper did for documents that leave nulls out. */
    public static void optional(JsonGenerator g, String field, Object value) throws IOException {
        if (value instanceof Instant t) {
            g.writeStringField(field, text(t));
        } else if (value != null) {
            g.writeStringField(field, value.toString());
        }
    }

    /**
     * What {@link Instant#toString} writes (ISO_INSTANT, as the mapper's Java-time module wrote: seconds always,
     * a fraction of 3, 6 or 9 digits when there is one), without DateTimeFormatter's general printer: a tree
     * holds three times per entry, and a tree's id is the hash of its text, so the text must not change.
     * Twice as fast once compiled ({@code PrimitivesBenchmark times}: 355-364 against 159-176 MB/s). Years
     * outside 0000-9999, which need a sign, go through {@code toString}.
     */
    public static String text(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < FIRST_PLAIN_SECOND || seconds > LAST_PLAIN_SECOND) {
            return t.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int second = (int) Math.floorMod(seconds, 86_400);
        int nanos = t.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        // Latin-1 bytes, which become a String by a copy; from chars, String compresses them, which
        // C2 then compiled in every backup (bench/jit-compilations.sh).
        byte[] out = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, second / 3_600, 2);
        out[13] = ':';
        put(out, 14, second / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, second % 60, 2);
        if (fraction > 0) {
            out[19] = '.';
            put(out, 20, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos, fraction);
        }
        out[out.length - 1] = 'Z';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void put(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    public static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(field);
            for (String s : values) {
                g.writeString(s);
            }
            g.writeEndArray();
        }
    }

    /**
     * Parses the form Instant.toString writes (2026-11-26T10:00:00.123456789Z) directly, and anything
     * else through {@link Instant#parse}: DateTimeFormatter's general parser was half the cost of a node.
     */
    public static Instant instant(String s) throws CorruptObjectException {
        if (s == null) {
            return null;
        }
        try {
            int n = s.length();
            if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                    && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && s.charAt(0) != '+' && s.charAt(0) != '-') {
                int nanos = 0;
                if (n > 20) {
                    int digits = n - 21;
                    if (s.charAt(19) != '.' || digits < 1 || digits > 9) {
                        return Instant.parse(s);
                    }
                    nanos = digits(s, 20, n - 1);
                    for (int i = digits; i < 9; i++) {
                        nanos *= 10;
                    }
                }
                long days = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
                int hour = digits(s, 11, 13);
                int minute = digits(s, 14, 16);
                int second = digits(s, 17, 19);
                if (hour > 23 || minute > 59 || second > 59) {
                    return Instant.parse(s);
                }
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
            }
            return Instant.parse(s);
        } catch (DateTimeException | NumberFormatException e) {
            throw new CorruptObjectException("not a time: '" + s + "'", e);
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a digit: '" + c + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
