package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.arca.repository.JsonReader.Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    private static JsonReader reader(String json) {
        return new JsonReader(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Every token with its text, as "TOKEN" or "TOKEN:text", until the end of the input. */
    private static List<String> tokens(byte[] json) throws IOException {
        JsonReader r = new JsonReader(json);
        List<String> out = new ArrayList<>();
        for (Token t = r.next(); t != null; t = r.next()) {
            out.add(switch (t) {
                case FIELD_NAME, VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> t + ":" + r.text();
                default -> t.toString();
            });
        }
        return out;
    }

    /** The same from Jackson's parser, which the repository's documents were read with before. */
    private static List<String> jacksonTokens(byte[] json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                out.add(switch (t) {
                    case FIELD_NAME, VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> t + ":" + p.getText();
                    default -> t.toString();
                });
            }
        }
        return out;
    }

    @Test
    void readsEveryKindOfToken() throws IOException {
        assertThat(tokens("{\"a\": [1, -2.5e3, \"x\\u00e9\\n\\\"\", true, false, null], \"b\" : {}, \"c\":[]}"
                .getBytes(StandardCharsets.UTF_8))).containsExactly("START_OBJECT", "FIELD_NAME:a", "START_ARRAY",
                "VALUE_NUMBER_INT:1", "VALUE_NUMBER_FLOAT:-2.5e3", "VALUE_STRING:xé\n\"", "VALUE_TRUE", "VALUE_FALSE",
                "VALUE_NULL", "END_ARRAY", "FIELD_NAME:b", "START_OBJECT", "END_OBJECT", "FIELD_NAME:c", "START_ARRAY",
                "END_ARRAY", "END_OBJECT");
    }

    @Test
    void readsNumbersAsLongsOrBigIntegers() throws IOException {
        JsonReader r = reader("[9223372036854775807, 9223372036854775808, -0, 0.5]");
        r.next();
        assertThat(r.next()).isEqualTo(Token.VALUE_NUMBER_INT);
        assertThat(r.isBigInteger()).isFalse();
        assertThat(r.longValue()).isEqualTo(Long.MAX_VALUE);
        r.next();
        assertThat(r.isBigInteger()).isTrue();
        assertThat(r.bigIntegerValue()).isEqualTo(BigInteger.ONE.shiftLeft(63));
        assertThatThrownBy(r::longValue).isInstanceOf(CorruptObjectException.class)
                .hasMessage("Numeric value (9223372036854775808) out of range of long at line 1, column 23");
        assertThat(r.next()).isEqualTo(Token.VALUE_NUMBER_INT);
        assertThat(r.longValue()).isZero();
        assertThat(r.next()).isEqualTo(Token.VALUE_NUMBER_FLOAT);
        assertThat(r.doubleValue()).isEqualTo(0.5);
    }

    /** Whole numbers of up to 18 digits are read as they are scanned; every length must read as Long.parseLong reads it. */
    @Test
    void readsWholeNumbersOfEveryLengthAsLongParseLongDoes() throws IOException {
        Random random = new Random(11);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999_999_999L,
                -999_999_999_999_999_999L, 1_000_000_000_000_000_000L));
        for (int i = 0; i < 100_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long v : values) {
            String written = Long.toString(v);
            JsonReader r = reader("[" + written + ", \"x\"]");
            r.next();
            assertThat(r.next()).isEqualTo(Token.VALUE_NUMBER_INT);
            assertThat(r.longValue()).as(written).isEqualTo(v);
            assertThat(r.isBigInteger()).isFalse();
            assertThat(r.text()).isEqualTo(written);
            assertThat(r.next()).isEqualTo(Token.VALUE_STRING);
            assertThatThrownBy(r::longValue).as("a string after " + written).isInstanceOf(CorruptObjectException.class);
        }
    }

    @Test
    void skipsAValueWithItsChildren() throws IOException {
        JsonReader r = reader("{\"skip\": {\"a\": [1, {\"b\": 2}], \"c\": {}}, \"keep\": 3}");
        r.next();
        r.next();
        assertThat(r.next()).isEqualTo(Token.START_OBJECT);
        r.skipChildren();
        assertThat(r.current()).isEqualTo(Token.END_OBJECT);
        assertThat(r.next()).isEqualTo(Token.FIELD_NAME);
        assertThat(r.name()).isEqualTo("keep");
        assertThat(r.next()).isEqualTo(Token.VALUE_NUMBER_INT);
        assertThat(r.longValue()).isEqualTo(3);
    }

    /** Documents written by Jackson's generator, as the repository's are, read token for token as Jackson reads them. */
    @Test
    void readsWhatJacksonWritesAsJacksonReadsIt() throws IOException {
        Random random = new Random(7);
        for (int doc = 0; doc < 300; doc++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                if (doc % 2 == 0) {
                    g.useDefaultPrettyPrinter();
                }
                writeValue(g, random, 0);
            }
            byte[] json = out.toByteArray();
            assertThat(tokens(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(jacksonTokens(json));
        }
    }

    private static void writeValue(JsonGenerator g, Random random, int depth) throws IOException {
        switch (depth > 4 ? 3 + random.nextInt(5) : random.nextInt(8)) {
            case 0, 1 -> {
                g.writeStartObject();
                for (int i = random.nextInt(5); i > 0; i--) {
                    g.writeFieldName(randomString(random));
                    writeValue(g, random, depth + 1);
                }
                g.writeEndObject();
            }
            case 2 -> {
                g.writeStartArray();
                for (int i = random.nextInt(5); i > 0; i--) {
                    writeValue(g, random, depth + 1);
                }
                g.writeEndArray();
            }
            case 3, 4 -> g.writeString(randomString(random));
            case 5 -> g.writeNumber(random.nextLong() >> random.nextInt(64));
            case 6 -> g.writeNumber(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            default -> {
                switch (random.nextInt(3)) {
                    case 0 -> g.writeBoolean(true);
                    case 1 -> g.writeBoolean(false);
                    default -> g.writeNull();
                }
            }
        }
    }

    /** File names are what trees hold: any characters, controls, quotes, backslashes and beyond the BMP included. */
    private static String randomString(Random random) {
        String alphabet = "aZ09 ._-/\\\"\t\n\u0001\u001féü€中\uD83D\uDE00";
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int at = random.nextInt(alphabet.length() - 1);
            s.append(alphabet.charAt(at));
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                s.append(alphabet.charAt(at + 1));
            }
        }
        return s.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"a\":1`|Unexpected end-of-input: expected close marker for OBJECT at line 1, column 7",
        "`{\"a\" 1}`|Unexpected character '1' (code 49): was expecting a colon to separate field name and value at line 1, column 6",
        "`[1 2]`|Unexpected character '2' (code 50): was expecting comma to separate ARRAY entries at line 1, column 4",
        "`[1,]`|Unexpected character ']' (code 93): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 4",
        "`{\"a\":1,}`|Unexpected character '}' (code 125): was expecting double-quote to start field name at line 1, column 8",
        "`{\"a\":}`|Unexpected character '}' (code 125): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 6",
        "`{a:1}`|Unexpected character 'a' (code 97): was expecting double-quote to start field name at line 1, column 2",
        "`{\"a\":01}`|Invalid numeric value: Leading zeroes not allowed at line 1, column 6",
        "`[-]`|Invalid numeric value: no digit at line 1, column 2",
        "`[1.]`|Invalid numeric value: Decimal point not followed by a digit at line 1, column 2",
        "`[1e+]`|Invalid numeric value: Exponent indicator not followed by a digit at line 1, column 2",
        "`[12a]`|Unexpected character 'a' (code 97): was expecting a delimiter after a value at line 1, column 4",
        "`{\"a\":tru}`|Unrecognized token: was expecting 'true' at line 1, column 6",
        "`[nulls]`|Unexpected character 's' (code 115): was expecting a delimiter after a value at line 1, column 6",
        "`[\"a\\x\"]`|Unrecognized character escape 'x' at line 1, column 2",
        "`[\"\\u12G4\"]`|Unexpected character in a \\u escape: expected a hex digit at line 1, column 2",
        "`[\"abc`|Unexpected end-of-input: was expecting closing quote for a string value at line 1, column 2",
        "`{\n  \"a\": x\n}`|Unexpected character 'x' (code 120): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 2, column 8",
    })
    void refusesMalformedDocumentsSayingWhatAndWhere(String json, String message) {
        assertThatThrownBy(() -> tokens(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptObjectException.class).hasMessage(message);
    }

    @Test
    void refusesControlCharactersAndInvalidUtf8InStrings() {
        assertThatThrownBy(() -> tokens("[\"a\tb\"]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("Illegal unquoted character (code 9): has to be escaped in a string at line 1, column 2");
        assertThatThrownBy(() -> tokens(new byte[] {'[', '"', 'a', (byte) 0xc3, '"', ']'}))
                .hasMessage("Invalid UTF-8 in a string at line 1, column 2");
        assertThatThrownBy(() -> tokens(new byte[] {'[', '"', '\\', 'n', (byte) 0xff, '"', ']'}))
                .hasMessage("Invalid UTF-8 in a string at line 1, column 2");
    }

    @Test
    void refusesNestingDeeperThanItsLimit() throws IOException {
        String deepest = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThat(tokens(deepest.getBytes(StandardCharsets.UTF_8))).hasSize(2 * JsonReader.MAX_DEPTH);
        assertThatThrownBy(() -> tokens(("[" + deepest + "]").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("Document nesting depth exceeds the maximum allowed (1000) at line 1, column 1001");
    }
}
