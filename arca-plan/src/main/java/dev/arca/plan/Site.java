package dev.arca.plan;

/** Where a repository lives; anything but {@link #PRIMARY} counts as off-site for 3-2-1. */
public enum Site {
    PRIMARY, DR, CLOUD;

    public boolean offSite() {
        return this != PRIMARY;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
