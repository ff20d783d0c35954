package dev.arca.plan;

/** The kind of medium a repository is stored on; 3-2-1 wants at least two distinct ones. */
public enum Media {
    DISK, OBJECT, TAPE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
