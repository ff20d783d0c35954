package dev.arca.repository;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of stored bytes, in hex: the name of every content-named object (index files, snapshots). */
public final class ContentHash {
    private static final HexFormat HEX = HexFormat.of();

    private ContentHash() {
    }

    public static byte[] of(byte[] data) {
        return digest().digest(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public static String hex(byte[] data) {
        return HEX.formatHex(of(data));
    }
}
