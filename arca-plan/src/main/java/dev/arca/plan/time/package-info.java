/**
 * Time as plans write it: durations such as {@code 15m} and five-field cron expressions, with the
 * math that schedules, retention and RPO checks need. Nothing here reads a clock; callers pass the
 * instants in, so tests never sleep.
 */
package dev.arca.plan.time;
