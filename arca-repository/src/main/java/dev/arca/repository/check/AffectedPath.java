package dev.arca.repository.check;

/**
 * A file, or a whole directory, that a restore of one snapshot would not get back intact.
 *
 * @param snapshot the snapshot's full id
 * @param path the absolute path as backed up ({@code /} for a snapshot whose root tree is damaged)
 * @param wholeDirectory whether the directory listing itself is lost, and with it everything below
 */
public record AffectedPath(String snapshot, String path, boolean wholeDirectory) {

    /** For example {@code snapshot 1a2b3c4d: /srv/uploads/att_00012.bin}, with the short id listings show. */
    public String text() {
        return "snapshot " + snapshot.substring(0, Math.min(8, snapshot.length())) + ": " + path
                + (wholeDirectory ? " (the whole directory)" : "");
    }
}
