package dev.arca.plan.parse;

/**
 * One problem or warning about a plan, located as precisely as the source allows. Its text form
 * is {@code FILE:LINE:COLUMN: path.to.field: message}, the shape compilers use, so editors can
 * jump to it.
 *
 * @param line 1-based, or 0 when the problem has no single place in the file
 * @param column 1-based, or 0 when unknown
 * @param path the field path such as {@code systems.ticketing.tier}, or empty for the whole file
 */
public record Diagnostic(Severity severity, String file, int line, int column, String path, String message) {

    /** Errors make a plan invalid; warnings say it cannot meet its own targets. */
    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (severity == Severity.WARNING) {
            b.append("warning: ");
        }
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
