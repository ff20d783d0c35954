package dev.arca.cli;

/**
 * A failure the user can act on: printed as {@code arca: MESSAGE} and, when there is one, a
 * {@code HINT:} line, never as a stack trace.
 */
final class CliException extends RuntimeException {
    private final int exitCode;
    private final String hint;

    CliException(int exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    int exitCode() {
        return exitCode;
    }

    String hint() {
        return hint;
    }
}
