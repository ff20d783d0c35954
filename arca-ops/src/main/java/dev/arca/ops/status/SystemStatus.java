package dev.arca.ops.status;

import java.time.Duration;
import java.util.List;

/**
 * One system scored against 3-2-1-1-0.
 *
 * @param copies production plus every repository holding a fresh recovery point of all its sources
 * @param holders those repositories, by name
 * @param errors verification errors in those repositories' last checks
 * @param reasons why the verdict fails, one line each; empty when it passes
 */
public record SystemStatus(String system, String tier, Duration rpo, int copies, int media, long offSite, long immutable,
                           int errors, List<String> holders, List<Copy> repositories, List<String> reasons) {
    public SystemStatus {
        holders = List.copyOf(holders);
        repositories = List.copyOf(repositories);
        reasons = List.copyOf(reasons);
    }

    public boolean passes() {
        return reasons.isEmpty();
    }

    /** One repository's part for this system: whether it counts, and why not. */
    public record Copy(String repository, boolean counts, String detail) {
    }
}
