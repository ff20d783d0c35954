package dev.arca.repository.tree;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * File names and symlink targets as a tree holds them: Linux names are bytes, JSON holds text. Valid UTF-8 is
 * stored as text alone; other bytes as text decoded with U+FFFD for the invalid ones plus the bytes in base64
 * (docs/repository-format.md, A.5), as restic stores symlink targets.
 */
public final class RawText {
    private RawText() {
    }

    /** The bytes decoded as UTF-8, with U+FFFD in place of each invalid sequence. */
    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The base64 form of {@code bytes} when they are not valid UTF-8; null when the text holds them exactly. */
    public static String raw(byte[] bytes) {
        return valid(bytes) ? null : Base64.getEncoder().encodeToString(bytes);
    }

    /** Whether the bytes are valid UTF-8, so that text holds them exactly. */
    public static boolean valid(byte[] bytes) {
        try {
            decoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The bytes a stored text and its optional base64 form stand for. */
    static byte[] bytes(String text, String raw) {
        return raw == null ? text.getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(raw);
    }

    /** For display: valid UTF-8 as text, and {@code \xHH} for each byte of an invalid sequence. */
    public static String escaped(byte[] bytes) {
        HexFormat hex = HexFormat.of();
        return decoded(bytes, (text, b) -> text.append("\\x").append(hex.toHexDigits((byte) b)));
    }

    /**
     * For matching patterns against names: valid UTF-8 as text, and each byte of an invalid sequence as the
     * lone surrogate U+DC00 + the byte (U+DC80 to U+DCFF), which decoded text never holds. A name and a
     * pattern both made so match byte for byte where they are not UTF-8, and as text where they are: {@code ?}
     * takes one invalid byte as it takes one character.
     */
    public static String matchable(byte[] bytes) {
        return decoded(bytes, (text, b) -> text.append((char) (0xDC00 | (b & 0xff))));
    }

    /** {@link #matchable} text for display: each lone surrogate it made for a byte as {@code \xHH}. */
    public static String shownMatchable(String matchable) {
        StringBuilder text = new StringBuilder(matchable.length() + 8);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < matchable.length(); i++) {
            char c = matchable.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(matchable.charAt(i - 1)))) {
                text.append("\\x").append(hex.toHexDigits((byte) c));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static String decoded(byte[] bytes, java.util.function.ObjIntConsumer<StringBuilder> invalidByte) {
        CharsetDecoder decoder = decoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder text = new StringBuilder(bytes.length + 8);
        for (;;) {
            CoderResult r = decoder.decode(in, out, true);
            text.append(out.flip());
            out.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    invalidByte.accept(text, in.get());
                }
            } else if (r.isUnderflow()) {
                return text.toString();
            }
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
