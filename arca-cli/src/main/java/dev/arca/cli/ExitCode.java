package dev.arca.cli;

/** The documented exit codes of {@code arca} (DESIGN.md section 9); scripts and monitors rely on them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int PARTIAL = 3;
    public static final int NO_REPOSITORY = 10;
    public static final int LOCKED = 11;
    public static final int WRONG_PASSWORD = 12;

    private ExitCode() {
    }
}
