package dev.arca.cli;

import dev.arca.plan.Plan;
import dev.arca.plan.Retention;
import dev.arca.plan.parse.ParsedPlan;
import dev.arca.plan.retention.Decision;
import dev.arca.plan.retention.RetentionPolicy;
import dev.arca.plan.retention.SnapshotRef;
import dev.arca.plan.time.DurationText;
import dev.arca.repository.Repository;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca forget}: removes the snapshots a retention policy does not keep, per group of
 * snapshots (same source, host and paths), with restic's rules; {@code --prune} then reclaims space.
 */
@Command(name = "forget", description = "Remove snapshots by retention policy (restic's --keep-* rules, or the plan's retention).")
final class ForgetCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Option(names = "--keep-last", paramLabel = "N") int last;
    @Option(names = "--keep-hourly", paramLabel = "N") int hourly;
    @Option(names = "--keep-daily", paramLabel = "N") int daily;
    @Option(names = "--keep-weekly", paramLabel = "N") int weekly;
    @Option(names = "--keep-monthly", paramLabel = "N") int monthly;
    @Option(names = "--keep-yearly", paramLabel = "N") int yearly;
    @Option(names = "--keep-within", paramLabel = "DURATION", description = "Keep everything younger than DURATION before the newest snapshot.")
    String within;
    @Option(names = "--keep-tag", paramLabel = "TAG", description = "Always keep snapshots with this tag (repeatable).")
    List<String> keepTags = new ArrayList<>();
    @Option(names = "--plan", paramLabel = "FILE", description = "Apply the retention of this plan (for the repository named by --plan-repository, or the plan's default).")
    Path plan;
    @Option(names = "--plan-repository", paramLabel = "NAME", description = "Which of the plan's repositories this is, for its own retention.")
    String planRepository;
    @Mixin
    SnapshotFilter filter;

    @Option(names = "--dry-run", description = "Only show what would be removed.")
    boolean dryRun;
    @Option(names = "--prune", description = "Reclaim the space of removed snapshots afterwards.")
    boolean prune;

    @Override
    public Integer call() throws Exception {
        Retention retention = retention();
        if (retention.keepsEverything() && keepTags.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "no retention rule given, so nothing would be removed",
                    "pass --keep-last/--keep-daily/... or --plan FILE with a retention section");
        }
        RetentionPolicy policy = new RetentionPolicy(retention, ZoneId.systemDefault(), new HashSet<>(keepTags));
        List<Map<String, Object>> report = new ArrayList<>();
        int removed = 0;
        try (Repository r = repo.open(arca);
             HeldLock lock = r.locks(RepoOptions.host(), RepoOptions.user()).acquire(true, "forget", repo.lockWait())) {
            Map<String, Snapshot> byId = new LinkedHashMap<>();
            List<SnapshotRef> refs = new ArrayList<>();
            // Snapshots the filter leaves out are neither kept nor removed: the policy never sees them.
            for (Snapshot s : r.snapshots().list().stream().filter(filter).toList()) {
                byId.put(s.id(), s);
                refs.add(new SnapshotRef(s.id(), s.time(), group(s), Set.copyOf(s.tags())));
            }
            for (Decision d : policy.decide(refs, arca.clock.instant())) {
                Snapshot s = byId.get(d.snapshot().id());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", s.id());
                row.put("group", d.snapshot().group());
                row.put("time", s.time());
                row.put("keep", d.keep());
                row.put("reasons", d.reasons());
                report.add(row);
                boolean keep = d.keep();
                List<String> reasons = new ArrayList<>(d.reasons());
                if (!keep && !dryRun) {
                    try {
                        r.snapshots().remove(s.id());
                    } catch (dev.arca.storage.ObjectLockedException e) {
                        keep = true;
                        reasons.add(e.until().map(u -> "immutable until " + u).orElse("immutable"));
                        row.put("keep", true);
                        row.put("reasons", reasons);
                    }
                }
                if (!keep) {
                    removed++;
                }
                if (!repo.json) {
                    arca.out.printf("%s %s  %s  %s%s%n", keep ? "keep  " : (dryRun ? "would remove" : "remove"), s.shortId(),
                            SnapshotsCommand.TIME.format(s.time().atZone(ZoneId.systemDefault())), d.snapshot().group(),
                            keep ? "  (" + String.join("; ", reasons) + ")" : "");
                }
            }
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(Map.of("dry_run", dryRun, "removed", removed, "snapshots", report)));
        } else {
            arca.out.printf("%s %d snapshot(s), kept %d%n", dryRun ? "would remove" : "removed", removed, report.size() - removed);
        }
        if (prune && !dryRun) {
            return PruneCommand.prune(arca, repo, false);
        }
        return ExitCode.OK;
    }

    private Retention retention() {
        if (plan != null) {
            if (last + hourly + daily + weekly + monthly + yearly > 0 || within != null) {
                throw new CliException(ExitCode.USAGE, "give either --plan or --keep-* options, not both", null);
            }
            ParsedPlan parsed = PlanFile.read(plan);
            if (!parsed.valid()) {
                parsed.errors().forEach(arca.err::println);
                throw new CliException(ExitCode.FAILURE, "plan '" + plan + "' is invalid", "fix it; 'arca plan check " + plan + "' lists the errors");
            }
            Plan p = parsed.orThrow();
            if (planRepository != null && !p.repositories().containsKey(planRepository)) {
                throw new CliException(ExitCode.USAGE, "--plan-repository: the plan declares no repository '" + planRepository + "'",
                        "declared: " + String.join(", ", p.repositories().keySet()));
            }
            return planRepository == null ? p.retention() : p.retentionFor(planRepository);
        }
        int[] counts = {last, hourly, daily, weekly, monthly, yearly};
        String[] names = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new CliException(ExitCode.USAGE, "--keep-" + names[i] + ": expected a whole number >= 0, got '"
                        + counts[i] + "'", "0 keeps none by this rule; leave the option out for the same effect");
            }
        }
        Optional<Duration> w = Optional.empty();
        if (within != null) {
            w = Optional.of(DurationText.parse(within).orElseThrow(() -> new CliException(ExitCode.USAGE,
                    "--keep-within: expected a duration such as 7d or 12h, got '" + within + "'", null)));
        }
        return new Retention(last, hourly, daily, weekly, monthly, yearly, w, Optional.empty());
    }

    static String group(Snapshot s) {
        return s.source() + "@" + s.host() + ":" + String.join(",", s.paths().stream().sorted().toList());
    }
}
