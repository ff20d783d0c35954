package dev.arca.plan;

import java.time.Duration;

/** One runbook step: what it does and how long it may take. */
public record Step(String name, Duration budget, StepAction action) {
}
