package dev.arca.cli;

import dev.arca.protect.source.DatabaseSource;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.Repository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code arca recovery-points --plan FILE --system S}: the time windows each database source can be restored to. */
@Command(name = "recovery-points", description = "List the time windows the database sources can be restored to, and the gaps.")
final class RecoveryPointsCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Mixin
    PlanSelection selection;

    @Override
    public Integer call() throws Exception {
        PlanContext ctx = selection.load(arca);
        List<PlanContext.Selected> dbs = selection.databases(ctx);
        List<Map<String, Object>> doc = new ArrayList<>();
        boolean anyBroken = false;
        try (Repository r = repo.defaultingTo(arca, ctx).open(arca)) {
            for (PlanContext.Selected s : dbs) {
                DatabaseSource db = ctx.database(s);
                List<RecoveryWindow> windows = db.recoveryWindows(r);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("source", s.stream());
                row.put("type", s.spec().type());
                row.put("windows", windows);
                doc.add(row);
                if (!repo.json) {
                    arca.out.println(s.stream() + " (" + s.spec().type() + "):");
                    if (windows.isEmpty()) {
                        arca.out.println("  no recovery point: no base backup or dump with the log it needs");
                    }
                    for (RecoveryWindow w : windows) {
                        arca.out.printf("  %s .. %s  (%s, from snapshot %s)%n", w.from(), w.to(),
                                Sizes.duration(Duration.between(w.from(), w.to())), w.snapshot());
                        w.brokenBy().ifPresent(b -> arca.out.println("    ends at a gap: " + b));
                    }
                }
                anyBroken |= windows.isEmpty() || windows.stream().anyMatch(w -> w.brokenBy().isPresent());
            }
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(Map.of("sources", doc)));
        }
        return anyBroken ? ExitCode.PARTIAL : ExitCode.OK;
    }
}
