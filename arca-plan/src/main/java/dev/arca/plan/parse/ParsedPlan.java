package dev.arca.plan.parse;

import dev.arca.plan.Plan;
import java.util.List;
import java.util.Optional;

/** The result of reading a plan: the plan itself when there are no errors, and every diagnostic. */
public record ParsedPlan(Optional<Plan> plan, List<Diagnostic> errors, List<Diagnostic> warnings) {

    public ParsedPlan {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The plan, or an exception listing every error (for callers that cannot go on without one). */
    public Plan orThrow() {
        return plan.orElseThrow(() -> new InvalidPlanException(errors));
    }
}
