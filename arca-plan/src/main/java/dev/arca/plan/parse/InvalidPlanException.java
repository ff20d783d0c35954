package dev.arca.plan.parse;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link ParsedPlan#orThrow()}; its message lists every error, one per line. */
public final class InvalidPlanException extends RuntimeException {
    private final transient List<Diagnostic> errors;

    public InvalidPlanException(List<Diagnostic> errors) {
        super(errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<Diagnostic> errors() {
        return errors;
    }
}
