/**
 * Pure policy math over a plan: the recovery order, which repositories hold each system's data
 * (the declared 3-2-1 matrix), how long schedules leave between runs, and the warnings for a plan
 * that cannot meet its own targets.
 */
package dev.arca.plan.policy;
