/**
 * The DR plan as data: what an IT team declares in {@code arca.yaml} (tiers, systems, repositories,
 * schedules, retention, contacts, escalation, scenarios, runbooks, drills).
 *
 * <p>Every layer reads these immutable records; none of them does I/O, so that policy math
 * (retention, schedules, RPO, 3-2-1 scoring) can be tested without disks, clocks or networks.
 */
package dev.arca.plan;
