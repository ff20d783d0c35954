package dev.arca.plan;

import java.time.Duration;

/**
 * A business tier: how fast a system must be back (RTO), how much data it may lose (RPO), and its
 * place in the recovery order (1 first).
 */
public record Tier(String name, Duration rto, Duration rpo, int priority) {
}
