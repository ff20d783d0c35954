package dev.arca.protect.source;

import java.io.IOException;
import java.util.List;

/** A database tool exited with an error; the message quotes what it said. */
public final class CommandFailedException extends IOException {
    private final int exitCode;
    private final List<String> errorTail;

    public CommandFailedException(String command, int exitCode, List<String> errorTail) {
        super(java.nio.file.Path.of(command.split(" ", 2)[0]).getFileName() + " failed (exit code " + exitCode + ")"
                + (errorTail.isEmpty() ? "" : ":\n  " + String.join("\n  ", errorTail)));
        this.exitCode = exitCode;
        this.errorTail = List.copyOf(errorTail);
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> errorTail() {
        return errorTail;
    }
}
