package dev.arca.repository;

/** What a blob holds: file content, or a directory listing (a tree). */
public enum BlobType {
    DATA(0), TREE(1);

    private final int code;

    BlobType(int code) {
        this.code = code;
    }

    /** The byte that stands for this type in pack headers and index files. */
    public int code() {
        return code;
    }

    public static BlobType ofCode(int code) {
        return switch (code) {
            case 0 -> DATA;
            case 1 -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type code " + code);
        };
    }
}
