package dev.arca.cli;

import dev.arca.ops.status.CopyStatus;
import dev.arca.ops.status.RepositoryObservation;
import dev.arca.ops.status.SystemStatus;
import dev.arca.plan.RepositorySpec;
import dev.arca.plan.Source;
import dev.arca.plan.SystemSpec;
import dev.arca.plan.time.DurationText;
import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.storage.Storage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca status --plan FILE}: for every system, which of the plan's repositories hold a recovery
 * point within its RPO, and the verdict against 3-2-1-1-0 with the reasons it fails.
 */
@Command(name = "status", description = "Score every system's actual copies against 3-2-1-1-0.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Option(names = "--plan", paramLabel = "FILE", required = true, description = "The plan.")
    Path plan;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PlanContext ctx = PlanContext.load(arca, plan);
        Map<String, RepositoryObservation> observed = new LinkedHashMap<>();
        for (RepositorySpec spec : ctx.plan().repositories().values()) {
            observed.put(spec.name(), observe(ctx, spec));
        }
        List<SystemStatus> statuses = CopyStatus.of(ctx.plan(), observed, arca.clock.instant());
        if (json) {
            arca.out.println(JsonOutput.write(Map.of("systems", statuses)));
        } else {
            for (SystemStatus s : statuses) {
                arca.out.printf("%s (%s, RPO %s): %s — %d %s, %d media, %d off-site, %d immutable, %d errors%n", s.system(),
                        s.tier(), DurationText.format(s.rpo()), s.passes() ? "3-2-1-1-0 met" : "3-2-1-1-0 NOT met",
                        s.copies(), s.copies() == 1 ? "copy" : "copies", s.media(), s.offSite(), s.immutable(), s.errors());
                arca.out.println("  production            counts");
                for (SystemStatus.Copy c : s.repositories()) {
                    arca.out.printf("  %-20s  %s: %s%n", c.repository(), c.counts() ? "counts" : "does not count", c.detail());
                }
                s.reasons().forEach(r -> arca.out.println("  ! " + r));
            }
        }
        return statuses.stream().allMatch(SystemStatus::passes) ? ExitCode.OK : ExitCode.PARTIAL;
    }

    /** Opens one repository with its own password ({@code ARCA_PASSWORD_<NAME>}) or the common one. */
    private RepositoryObservation observe(PlanContext ctx, RepositorySpec spec) {
        String own = "ARCA_PASSWORD_" + spec.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        String password = arca.env.getOrDefault(own, arca.env.get("ARCA_PASSWORD"));
        if (password == null) {
            return RepositoryObservation.unreachable(spec.name(), "no password (set " + own + " or ARCA_PASSWORD)");
        }
        try (Storage storage = arca.storages.open(spec.url(), false);
             Repository r = Repository.open(storage, password.toCharArray(), arca.clock)) {
            Map<String, Instant> newest = new HashMap<>();
            for (Snapshot snap : r.snapshots().list()) {
                newest.merge(snap.source(), pointOf(snap), (a, b) -> a.isAfter(b) ? a : b);
            }
            for (SystemSpec system : ctx.plan().systems().values()) {
                for (Map.Entry<String, Source> e : system.sources().entrySet()) {
                    String stream = system.name() + "/" + e.getKey();
                    if (e.getValue().streamsLogs() && newest.containsKey(stream)) {
                        for (LogFile f : r.logs().files(stream)) {
                            newest.merge(stream, f.lastTime(), (a, b) -> a.isAfter(b) ? a : b);
                        }
                    }
                }
            }
            return new RepositoryObservation(spec.name(), java.util.Optional.empty(), newest,
                    CheckHistory.of(arca.env).last(r.config().id()));
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return RepositoryObservation.unreachable(spec.name(), msg);
        }
    }

    /** A database snapshot is a recovery point at its consistency time; a file snapshot at its start. */
    private static Instant pointOf(Snapshot s) {
        if (s.consistency() != null && s.consistency().containsKey("stopTime")) {
            return Instant.parse(s.consistency().get("stopTime"));
        }
        return s.time();
    }
}
