/**
 * Renders a plan as the human-readable DR plan document (business impact analysis, recovery order,
 * scenarios, the 3-2-1 matrix, schedules, retention, contacts, escalation, runbooks, warnings), so
 * that the paper plan is generated from the executable one and cannot drift from it.
 *
 * <p>Sections are built once as a small {@link dev.arca.ops.render.Document} and written as Markdown
 * or HTML, so both formats always say the same thing.
 */
package dev.arca.ops.render;
