/**
 * A system's actual protection against the 3-2-1-1-0 rule: which copies hold a recovery point recent
 * enough for its tier's RPO, on how many media, how many off-site and immutable, and whether the last
 * verification found errors. The observations come from the repositories; the scoring here is pure.
 */
package dev.arca.ops.status;
