package dev.arca.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One row of the disaster impact analysis: what can happen, how likely and how bad it is, how long
 * recovery is expected to take, the strategy, and the runbook that carries it out.
 */
public record Scenario(
        String name,
        Kind kind,
        String description,
        Level likelihood,
        Level impact,
        Duration expectedRecovery,
        String strategy,
        List<String> systems,
        Optional<String> runbook) {

    public Scenario {
        systems = List.copyOf(systems);
    }

    /** The class of disaster. */
    public enum Kind { HARDWARE, SOFTWARE, NETWORK, NATURAL, CYBER, HUMAN }

    /** A coarse rating used for likelihood and impact. */
    public enum Level { LOW, MEDIUM, HIGH, CRITICAL }
}
