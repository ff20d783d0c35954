package dev.arca.plan.parse;

import dev.arca.plan.parse.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Collects diagnostics while a plan is read, and remembers where each field path was declared so
 * that checks made after reading (references, policy warnings) can still point at a line.
 */
final class Diagnostics {
    private final String file;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final Map<String, Mark> places = new HashMap<>();

    Diagnostics(String file) {
        this.file = file;
    }

    void place(String path, Node node) {
        node.getStartMark().ifPresent(m -> places.putIfAbsent(path, m));
    }

    void error(Node node, String path, String message) {
        errors.add(at(Severity.ERROR, node.getStartMark(), path, message));
    }

    void error(Optional<Mark> mark, String path, String message) {
        errors.add(at(Severity.ERROR, mark, path, message));
    }

    /** An error about a field path, located at the nearest place recorded for it or its parents. */
    void error(String path, String message) {
        errors.add(at(Severity.ERROR, nearest(path), path, message));
    }

    void warning(String path, String message) {
        warnings.add(at(Severity.WARNING, nearest(path), path, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<Diagnostic> errors() {
        return errors;
    }

    List<Diagnostic> warnings() {
        return warnings;
    }

    private Optional<Mark> nearest(String path) {
        String p = path;
        while (true) {
            Mark m = places.get(p);
            if (m != null) {
                return Optional.of(m);
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            p = p.substring(0, dot);
        }
    }

    private Diagnostic at(Severity severity, Optional<Mark> mark, String path, String message) {
        int line = mark.map(m -> m.getLine() + 1).orElse(0);
        int column = mark.map(m -> m.getColumn() + 1).orElse(0);
        return new Diagnostic(severity, file, line, column, path, message);
    }
}
