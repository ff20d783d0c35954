package dev.arca.repository;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pull parser for the repository's JSON documents (RFC 8259, strict): one token at a time, as
 * {@link JsonFields} reads them field by field.
 *
 * <p>Not Jackson's parser, which the documents were read with before: on JDK 25, loading it initialises
 * {@code java.math.BigDecimal}, whose static initialiser squares its way to 5^65536. That took 26 ms on
 * the main thread of every command that opens a repository, and the JIT then spent 60-90 ms of the other
 * core compiling BigInteger's arithmetic (async-profiler; docs/BENCHMARKS.md, "a tenth machine"). The
 * documents are Arca's own and small, and reading them needs no more than this class.
 *
 * <p>Errors are {@link CorruptObjectException}s that say what was wrong and where, as
 * {@code line L, column C} (columns count bytes from 1).
 */
public final class JsonReader {
    /** The tokens, named as Jackson names them, which error messages quote. */
    public enum Token {
        START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, FIELD_NAME,
        VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL
    }

    /** Deeper documents are refused rather than risk a reader's recursion, as Jackson's default limit does. */
    static final int MAX_DEPTH = 1000;

    private final byte[] in;
    private int pos;
    /** For each open container, whether it is an object; grown as documents nest, as most hardly do. */
    private boolean[] objects = new boolean[8];
    private int depth;
    /** Whether the current container's last member is complete, so that a comma or its end comes next. */
    private boolean afterValue;
    /** Whether a comma was read and a member must follow it. */
    private boolean afterComma;
    private Token current;
    private String name;
    /** The current string's value, or the current number's text once asked for (numberText). */
    private String text;
    /** Where the current number is written, for its text. */
    private int numberStart;
    private int numberEnd;
    /**
     * The current number's value, when it is whole and has at most 18 digits (so fits a long): most of a
     * tree's numbers (modes, ids, sizes, inodes), read without making a String and parsing it again.
     */
    private long wholeValue;
    private boolean wholeRead;
    /** Where the current token starts, for messages. */
    private int tokenStart;

    public JsonReader(byte[] json) {
        this.in = json;
    }

    /** The next token, or null at the end of the input; a document may be followed by another, as in Jackson. */
    public Token next() throws CorruptObjectException {
        skipWhitespace();
        tokenStart = pos;
        if (pos == in.length) {
            if (depth > 0) {
                throw error("Unexpected end-of-input: expected close marker for " + (objects[depth - 1] ? "OBJECT" : "ARRAY"));
            }
            return current = null;
        }
        byte c = in[pos];
        if (depth > 0) {
            boolean object = objects[depth - 1];
            if ((c == '}' && object || c == ']' && !object) && !afterComma && current != Token.FIELD_NAME) {
                pos++;
                depth--;
                afterValue = true;
                return current = object ? Token.END_OBJECT : Token.END_ARRAY;
            }
            if (afterValue) {
                if (c != ',') {
                    throw unexpected(c, "was expecting comma to separate " + (object ? "OBJECT" : "ARRAY") + " entries");
                }
                pos++;
                skipWhitespace();
                tokenStart = pos;
                if (pos == in.length) {
                    throw error("Unexpected end-of-input within " + (object ? "OBJECT" : "ARRAY"));
                }
                c = in[pos];
                afterValue = false;
                afterComma = true;
            }
            if (object && current != Token.FIELD_NAME) {
                if (c != '"') {
                    throw unexpected(c, "was expecting double-quote to start field name");
                }
                name = string();
                skipWhitespace();
                if (pos == in.length || in[pos] != ':') {
                    throw pos == in.length ? error("Unexpected end-of-input after field name")
                            : unexpected(in[pos], "was expecting a colon to separate field name and value");
                }
                pos++;
                afterComma = false;
                return current = Token.FIELD_NAME;
            }
        }
        afterComma = false;
        return current = value(c);
    }

    /** The token {@link #next} returned last. */
    public Token current() {
        return current;
    }

    /** The name of the last field read. */
    public String name() {
        return name;
    }

    /** The current string's value, a field's name, or a number as written. */
    public String text() {
        return current == Token.FIELD_NAME ? name : numberText();
    }

    private String numberText() {
        if (text == null && (current == Token.VALUE_NUMBER_INT || current == Token.VALUE_NUMBER_FLOAT)) {
            text = new String(in, numberStart, numberEnd - numberStart, StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    /** The current whole number, which must fit a long. */
    public long longValue() throws CorruptObjectException {
        if (wholeRead && current == Token.VALUE_NUMBER_INT) {
            return wholeValue;
        }
        String text = numberText();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error("Numeric value (" + text + ") out of range of long");
        }
    }

    /** Whether the current whole number is too large for a long. */
    public boolean isBigInteger() {
        if (wholeRead && current == Token.VALUE_NUMBER_INT) {
            return false;
        }
        try {
            Long.parseLong(numberText());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    public BigInteger bigIntegerValue() {
        return new BigInteger(numberText());
    }

    public double doubleValue() {
        return Double.parseDouble(numberText());
    }

    /** On the start of an object or array, moves to its end; on anything else, does nothing. */
    public void skipChildren() throws CorruptObjectException {
        if (current != Token.START_OBJECT && current != Token.START_ARRAY) {
            return;
        }
        int level = depth - 1;
        while (depth > level) {
            next();
        }
    }

    /** Where the current token starts, as {@code line L, column C}. */
    public String location() {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < tokenStart; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (tokenStart - lineStart + 1);
    }

    private Token value(byte c) throws CorruptObjectException {
        switch (c) {
            case '{', '[' -> {
                if (depth == MAX_DEPTH) {
                    throw error("Document nesting depth exceeds the maximum allowed (" + MAX_DEPTH + ")");
                }
                pos++;
                if (depth == objects.length) {
                    objects = Arrays.copyOf(objects, Math.min(MAX_DEPTH, 2 * depth));
                }
                objects[depth++] = c == '{';
                afterValue = false;
                return c == '{' ? Token.START_OBJECT : Token.START_ARRAY;
            }
            case '"' -> {
                text = string();
                afterValue = true;
                return Token.VALUE_STRING;
            }
            case 't' -> {
                return literal("true", Token.VALUE_TRUE);
            }
            case 'f' -> {
                return literal("false", Token.VALUE_FALSE);
            }
            case 'n' -> {
                return literal("null", Token.VALUE_NULL);
            }
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw unexpected(c, "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
            }
        }
    }

    private Token literal(String word, Token token) throws CorruptObjectException {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i == in.length || in[pos + i] != word.charAt(i)) {
                throw error("Unrecognized token: was expecting '" + word + "'");
            }
        }
        pos += word.length();
        checkDelimiter();
        afterValue = true;
        return token;
    }

    private Token number() throws CorruptObjectException {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int intStart = pos;
        int digits = digits();
        if (digits == 0) {
            throw error("Invalid numeric value: no digit");
        }
        if (digits > 1 && in[intStart] == '0') {
            throw error("Invalid numeric value: Leading zeroes not allowed");
        }
        boolean whole = true;
        if (pos < in.length && in[pos] == '.') {
            pos++;
            whole = false;
            if (digits() == 0) {
                throw error("Invalid numeric value: Decimal point not followed by a digit");
            }
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            whole = false;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("Invalid numeric value: Exponent indicator not followed by a digit");
            }
        }
        checkDelimiter();
        text = null;
        numberStart = start;
        numberEnd = pos;
        wholeRead = whole && digits <= 18;
        if (wholeRead) {
            long value = 0;
            for (int i = intStart; i < intStart + digits; i++) {
                value = value * 10 + (in[i] - '0');
            }
            wholeValue = in[start] == '-' ? -value : value;
        }
        afterValue = true;
        return whole ? Token.VALUE_NUMBER_INT : Token.VALUE_NUMBER_FLOAT;
    }

    private int digits() {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
        return pos - start;
    }

    /** A value that is not a string or a container must end where a delimiter or the input does. */
    private void checkDelimiter() throws CorruptObjectException {
        if (pos < in.length) {
            byte c = in[pos];
            if (c != ',' && c != ']' && c != '}' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw unexpected(c, "was expecting a delimiter after a value");
            }
        }
    }

    /** Reads a string whose opening quote is at {@link #pos}, leaving {@link #pos} after its closing one. */
    private String string() throws CorruptObjectException {
        int start = ++pos;
        boolean ascii = true;
        while (true) {
            byte c = stringByte();
            if (c == '"') {
                String s = ascii ? new String(in, start, pos - start, StandardCharsets.ISO_8859_1) : utf8(start, pos);
                pos++;
                return s;
            }
            if (c == '\\') {
                return escaped(start);
            }
            ascii &= c >= 0;
            pos++;
        }
    }

    /** The rest of a string that holds escapes, from {@code start}; {@link #pos} is on the first backslash. */
    private String escaped(int start) throws CorruptObjectException {
        StringBuilder out = new StringBuilder(pos - start + 16).append(utf8(start, pos));
        int run = pos;
        while (true) {
            byte c = stringByte();
            if (c == '"') {
                out.append(utf8(run, pos));
                pos++;
                return out.toString();
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            out.append(utf8(run, pos));
            if (++pos == in.length) {
                throw error("Unexpected end-of-input in an escape sequence");
            }
            byte e = in[pos++];
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(hex4());
                default -> throw error("Unrecognized character escape '" + (char) (e & 0xff) + "'");
            }
            run = pos;
        }
    }

    /** The byte at {@link #pos} inside a string, which neither ends the input nor is an unescaped control character. */
    private byte stringByte() throws CorruptObjectException {
        if (pos == in.length) {
            throw error("Unexpected end-of-input: was expecting closing quote for a string value");
        }
        byte c = in[pos];
        if (c >= 0 && c < 0x20) {
            throw error("Illegal unquoted character (code " + c + "): has to be escaped in a string");
        }
        return c;
    }

    private char hex4() throws CorruptObjectException {
        if (pos + 4 > in.length) {
            throw error("Unexpected end-of-input in a \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) {
                throw error("Unexpected character in a \\u escape: expected a hex digit");
            }
            v = v << 4 | d;
        }
        return (char) v;
    }

    private String utf8(int from, int to) throws CorruptObjectException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw error("Invalid UTF-8 in a string");
        }
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private CorruptObjectException unexpected(byte c, String expectation) {
        tokenStart = pos;
        String shown = c >= 0x20 && c < 0x7f ? "'" + (char) c + "' (code " + c + ")" : "(code " + (c & 0xff) + ")";
        return error("Unexpected character " + shown + ": " + expectation);
    }

    private CorruptObjectException error(String message) {
        return new CorruptObjectException(message + " at " + location());
    }
}
