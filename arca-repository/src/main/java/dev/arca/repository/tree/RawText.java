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
        CharsetDecoder decoder = decoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder text = new StringBuilder(bytes.length + 8);
        HexFormat hex = HexFormat.of();
        for (;;) {
            CoderResult r = decoder.decode(in, out, true);
            text.append(out.flip());
            out.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    text.append("\\x").append(hex.toHexDigits(in.get()));
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
