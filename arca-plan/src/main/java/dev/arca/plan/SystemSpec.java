package dev.arca.plan;

import java.util.List;
import java.util.Map;

/** A named service (such as {@code ticketing}) with its tier, dependencies, data and health checks. */
public record SystemSpec(
        String name,
        String tier,
        List<String> dependsOn,
        String description,
        Map<String, Source> sources,
        List<Check> checks) {

    public SystemSpec {
        dependsOn = List.copyOf(dependsOn);
        sources = Plan.ordered(sources);
        checks = List.copyOf(checks);
    }

    /** Whether every source keeps a continuous log, so the RPO does not depend on the backup schedule. */
    public boolean allSourcesStreamLogs() {
        return !sources.isEmpty() && sources.values().stream().allMatch(Source::streamsLogs);
    }
}
