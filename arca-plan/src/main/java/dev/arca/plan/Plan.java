package dev.arca.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole, validated DR plan. Maps keep the order in which the file declares their entries, so that
 * rendered documents follow the author's order.
 */
public record Plan(
        int version,
        Map<String, Tier> tiers,
        Map<String, RepositorySpec> repositories,
        Map<String, SecretRef> secrets,
        Map<String, SystemSpec> systems,
        List<Schedule> schedules,
        Retention retention,
        Map<String, Contact> contacts,
        List<EscalationLevel> escalation,
        Map<String, Channel> notifications,
        Map<String, Scenario> scenarios,
        Map<String, Runbook> runbooks,
        Map<String, Drill> drills) {

    public Plan {
        tiers = ordered(tiers);
        repositories = ordered(repositories);
        secrets = ordered(secrets);
        systems = ordered(systems);
        schedules = List.copyOf(schedules);
        contacts = ordered(contacts);
        escalation = List.copyOf(escalation);
        notifications = ordered(notifications);
        scenarios = ordered(scenarios);
        runbooks = ordered(runbooks);
        drills = ordered(drills);
    }

    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The tier a system belongs to; every system's tier exists in a validated plan. */
    public Tier tierOf(SystemSpec system) {
        return tiers.get(system.tier());
    }

    /** The retention that applies to one repository: its own, or the plan's. */
    public Retention retentionFor(String repository) {
        return Optional.ofNullable(repositories.get(repository))
                .flatMap(RepositorySpec::retention)
                .orElse(retention);
    }
}
