package dev.arca.plan;

import java.util.Optional;

/** A rehearsal: a runbook run in a sandbox, optionally acting out one of the plan's scenarios. */
public record Drill(String name, String runbook, Optional<String> scenario, String description) {
}
