package dev.arca.protect.source;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * How a log stream runs: how often it ships, where its events go, and the switch that stops it.
 *
 * @param interval how often new log bytes are stored; it bounds the RPO
 * @param events one line per event worth telling an operator (started, reconnected, gap, stopped)
 */
public record StreamControl(Duration interval, Consumer<String> events, AtomicBoolean stop) {
    /** One second: the RPO the plan's mission-critical tier aims at, for a cost of one small object per second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
}
