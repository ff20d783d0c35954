package dev.arca.plan.policy;

import dev.arca.plan.Plan;
import dev.arca.plan.Runbook;
import dev.arca.plan.Scenario;
import dev.arca.plan.Schedule;
import dev.arca.plan.Source;
import dev.arca.plan.SystemSpec;
import dev.arca.plan.Tier;
import dev.arca.plan.time.CronExpression;
import dev.arca.plan.time.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds where a valid plan cannot keep its own promises: runbooks slower than the RTO they serve,
 * schedules too sparse for the RPO, data with no off-site copy, dependencies on less critical
 * systems, log windows that leave gaps, and incidents that would notify nobody at first.
 */
public final class PlanAdvisor {
    private PlanAdvisor() {
    }

    public static List<Finding> advise(Plan plan) {
        List<Finding> out = new ArrayList<>();
        plan.runbooks().values().forEach(r -> runbookBudget(plan, r, out));
        plan.systems().values().forEach(s -> {
            backupSchedule(plan, s, out);
            offSite(plan, s, out);
            dependencies(plan, s, out);
        });
        plan.scenarios().values().forEach(s -> scenario(plan, s, out));
        logWindow(plan, out);
        escalation(plan, out);
        return out;
    }

    private static void runbookBudget(Plan plan, Runbook r, List<Finding> out) {
        Set<String> systems = r.systems();
        if (systems.isEmpty()) {
            plan.scenarios().values().stream().filter(s -> s.runbook().filter(r.name()::equals).isPresent())
                    .forEach(s -> systems.addAll(s.systems()));
        }
        strictest(plan, systems).ifPresent(tier -> {
            Duration total = r.totalBudget();
            if (total.compareTo(tier.rto()) > 0) {
                out.add(new Finding("runbooks." + r.name(), "step budgets add up to " + DurationText.format(total)
                        + ", more than the " + DurationText.format(tier.rto()) + " RTO of tier '" + tier.name()
                        + "' that it recovers (" + String.join(", ", systemsOfTier(plan, systems, tier)) + ")"
                        + "; shorten the steps, run them in parallel, or keep a warm standby"));
            }
        });
    }

    private static Optional<Tier> strictest(Plan plan, Set<String> systems) {
        return systems.stream().map(plan.systems()::get).filter(java.util.Objects::nonNull).map(plan::tierOf)
                .min(Comparator.comparing(Tier::rto));
    }

    private static List<String> systemsOfTier(Plan plan, Set<String> systems, Tier tier) {
        return systems.stream().filter(s -> plan.systems().containsKey(s))
                .filter(s -> plan.systems().get(s).tier().equals(tier.name())).toList();
    }

    private static void backupSchedule(Plan plan, SystemSpec s, List<Finding> out) {
        String at = "systems." + s.name();
        List<CronExpression> crons = plan.schedules().stream()
                .filter(sc -> sc.job() instanceof Schedule.Backup b && b.systems().covers(s.name()))
                .map(Schedule::cron).toList();
        if (crons.isEmpty()) {
            out.add(new Finding(at, "no backup schedule covers this system; add it to a 'do: backup' schedule"));
            return;
        }
        Tier tier = plan.tierOf(s);
        List<String> scheduleBound = s.sources().values().stream().filter(src -> !src.streamsLogs())
                .map(Source::name).toList();
        if (scheduleBound.isEmpty()) {
            return;
        }
        ScheduleGap.longest(crons).filter(gap -> gap.compareTo(tier.rpo()) > 0).ifPresent(gap ->
                out.add(new Finding(at, "the RPO of " + DurationText.format(tier.rpo()) + " (tier '" + tier.name()
                        + "') cannot be met for " + String.join(", ", scheduleBound) + ": backups run up to "
                        + DurationText.format(gap) + " apart; back up at least every "
                        + DurationText.format(tier.rpo()) + " or stream database logs")));
    }

    private static void offSite(Plan plan, SystemSpec s, List<Finding> out) {
        Set<String> holders = CopyMatrix.holders(plan, s);
        if (holders.isEmpty()) {
            return;
        }
        boolean offSite = holders.stream().map(plan.repositories()::get).anyMatch(r -> r.site().offSite());
        if (!offSite) {
            out.add(new Finding("systems." + s.name(), "no copy off-site: its data reaches only "
                    + String.join(", ", holders) + "; add a 'do: copy' schedule to a repository with site dr or cloud"));
        }
    }

    private static void dependencies(Plan plan, SystemSpec s, List<Finding> out) {
        Tier mine = plan.tierOf(s);
        for (String dep : s.dependsOn()) {
            Tier theirs = plan.tierOf(plan.systems().get(dep));
            if (theirs.rto().compareTo(mine.rto()) > 0) {
                out.add(new Finding("systems." + s.name() + ".depends-on", "depends on '" + dep + "' whose tier '"
                        + theirs.name() + "' allows " + DurationText.format(theirs.rto()) + " to recover, but its own tier '"
                        + mine.name() + "' must be back within " + DurationText.format(mine.rto())
                        + "; move '" + dep + "' to a tier at least as strict"));
            }
        }
    }

    private static void scenario(Plan plan, Scenario sc, List<Finding> out) {
        strictest(plan, Set.copyOf(sc.systems())).ifPresent(tier -> {
            if (sc.expectedRecovery().compareTo(tier.rto()) > 0) {
                out.add(new Finding("scenarios." + sc.name() + ".expected-recovery", "expected recovery of "
                        + DurationText.format(sc.expectedRecovery()) + " exceeds the " + DurationText.format(tier.rto())
                        + " RTO of tier '" + tier.name() + "'; the strategy for this scenario does not meet the target"));
            }
        });
    }

    /** Point-in-time recovery needs a full backup inside the log window, or the oldest logs are useless. */
    private static void logWindow(Plan plan, List<Finding> out) {
        Optional<Duration> logs = plan.retention().logs();
        if (logs.isEmpty()) {
            return;
        }
        for (SystemSpec s : plan.systems().values()) {
            if (s.sources().values().stream().noneMatch(Source::streamsLogs)) {
                continue;
            }
            List<CronExpression> crons = plan.schedules().stream()
                    .filter(sc -> sc.job() instanceof Schedule.Backup b && b.systems().covers(s.name()))
                    .map(Schedule::cron).toList();
            ScheduleGap.longest(crons).filter(gap -> gap.compareTo(logs.get()) > 0).ifPresent(gap ->
                    out.add(new Finding("retention.logs", "logs are kept " + DurationText.format(logs.get())
                            + " but backups of '" + s.name() + "' run up to " + DurationText.format(gap)
                            + " apart, leaving times that cannot be recovered; keep logs longer than the backup interval")));
        }
    }

    private static void escalation(Plan plan, List<Finding> out) {
        if (!plan.escalation().isEmpty() && plan.escalation().stream().noneMatch(l -> l.after().isZero())) {
            out.add(new Finding("escalation", "no level has 'after: 0m', so nobody is told when an incident opens"));
        }
        if (plan.escalation().isEmpty() && !plan.systems().isEmpty()) {
            out.add(new Finding("", "no escalation policy: incidents would notify nobody; add an 'escalation' section"));
        }
    }
}
