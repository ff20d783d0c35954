package dev.arca.storage;

/**
 * The areas of a repository. Each kind is a flat namespace of objects; a driver decides how to lay
 * them out (for example {@code data/} objects are fanned out into 256 sub-directories on disk).
 */
public enum ObjectKind {
    /** The single repository configuration object. */
    CONFIG("config"),
    /** Key slots: the master key wrapped by password-derived keys. */
    KEYS("keys"),
    /** Lock objects of running operations. */
    LOCKS("locks"),
    /** Snapshot documents. */
    SNAPSHOTS("snapshots"),
    /** Index files mapping blobs to packs. */
    INDEX("index"),
    /** Pack files holding blobs. */
    DATA("data"),
    /** Database log segments (WAL, binlog) and their small index. */
    LOGS("logs");

    private final String directory;

    ObjectKind(String directory) {
        this.directory = directory;
    }

    /** The stable name of this area, used as a directory or key prefix by drivers. */
    public String directory() {
        return directory;
    }
}
