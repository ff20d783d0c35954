package dev.arca.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plans for command-line tests: one gold tier, one local repository, and the systems a test gives. */
final class PlanYaml {
    private PlanYaml() {
    }

    /** A plan with the repository {@code local} at {@code repo} and {@code systems}, lines under {@code systems:}. */
    static String withLocalRepository(Path repo, String... systems) {
        List<String> lines = new ArrayList<>(List.of(
                "version: 1",
                "tiers:",
                "  gold: {rto: 15m, rpo: 5m, priority: 1}",
                "repositories:",
                "  local: {url: \"" + repo + "\", site: primary, media: disk}",
                "systems:"));
        lines.addAll(List.of(systems));
        lines.add("");
        return String.join("\n", lines);
    }
}
