package dev.arca.plan.policy;

/** One thing a plan gets wrong against its own targets, at a field path such as {@code runbooks.site-failover}. */
public record Finding(String path, String message) {
}
