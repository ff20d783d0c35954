package dev.arca.plan;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Ordered steps, each with a time budget, that recover systems; run for real or as a drill. */
public record Runbook(String name, String description, List<Step> steps) {

    public Runbook {
        steps = List.copyOf(steps);
    }

    /** The sum of the step budgets: the runbook's planned recovery time. */
    public Duration totalBudget() {
        return steps.stream().map(Step::budget).reduce(Duration.ZERO, Duration::plus);
    }

    /** The systems this runbook restores or verifies, in first-mention order. */
    public Set<String> systems() {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : steps) {
            out.addAll(s.action().systems());
        }
        return out;
    }
}
