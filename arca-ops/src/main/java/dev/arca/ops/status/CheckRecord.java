package dev.arca.ops.status;

import java.time.Instant;

/**
 * The outcome of one {@code arca check}, kept so that status can report the "0" of 3-2-1-1-0.
 *
 * @param readData whether data was read and authenticated (all or a subset), not just structure
 */
public record CheckRecord(Instant time, int errors, boolean readData) {
}
