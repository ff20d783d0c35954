package dev.arca.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of commands that act on a plan's sources: the plan, and optionally one system or source. */
final class PlanSelection {
    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "The plan declaring the sources.")
    Path plan;

    @Option(names = "--system", paramLabel = "NAME", description = "Only this system's sources.")
    String system;

    @Option(names = "--source", paramLabel = "NAME", description = "Only this source.")
    String source;

    PlanContext load(Arca arca) {
        return PlanContext.load(arca, plan);
    }

    /** The selected sources that are databases. */
    List<PlanContext.Selected> databases(PlanContext ctx) {
        return ctx.sources(Optional.ofNullable(system), Optional.ofNullable(source)).stream()
                .filter(s -> PlanContext.isDatabase(s.spec())).toList();
    }
}
