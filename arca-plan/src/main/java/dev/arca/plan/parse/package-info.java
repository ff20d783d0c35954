/**
 * Reads {@code arca.yaml} text into a {@link dev.arca.plan.Plan}, reporting every problem at once
 * with file, line, column and field path, the bad value, and a hint where one helps. The caller
 * reads the file; this package only sees text, so it does no I/O.
 */
package dev.arca.plan.parse;
