package dev.arca.ops.status;

import dev.arca.plan.Plan;
import dev.arca.plan.RepositorySpec;
import dev.arca.plan.SystemSpec;
import dev.arca.plan.Tier;
import dev.arca.plan.policy.CopyMatrix;
import dev.arca.plan.time.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores every system of a plan against 3-2-1-1-0 from what the repositories hold: a repository counts
 * as a copy of a system only when every source of the system has a recovery point in it no older than
 * the tier's RPO, so a copy that stopped receiving data stops counting on its own.
 */
public final class CopyStatus {
    private CopyStatus() {
    }

    public static List<SystemStatus> of(Plan plan, Map<String, RepositoryObservation> observed, Instant now) {
        List<SystemStatus> out = new ArrayList<>();
        for (SystemSpec system : plan.systems().values()) {
            out.add(score(plan, system, observed, now));
        }
        return out;
    }

    private static SystemStatus score(Plan plan, SystemSpec system, Map<String, RepositoryObservation> observed, Instant now) {
        Tier tier = plan.tierOf(system);
        List<RepositorySpec> holding = new ArrayList<>();
        List<SystemStatus.Copy> copies = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int errors = 0;
        for (RepositorySpec repo : plan.repositories().values()) {
            RepositoryObservation o = observed.get(repo.name());
            if (o == null) {
                copies.add(new SystemStatus.Copy(repo.name(), false, "not examined"));
                continue;
            }
            if (o.error().isPresent()) {
                copies.add(new SystemStatus.Copy(repo.name(), false, "unreachable: " + o.error().get()));
                continue;
            }
            Optional<String> stale = staleness(system, tier.rpo(), o, now);
            if (stale.isPresent()) {
                copies.add(new SystemStatus.Copy(repo.name(), false, stale.get()));
                continue;
            }
            holding.add(repo);
            String check;
            if (o.lastCheck().isEmpty()) {
                reasons.add(repo.name() + " was never checked (run arca check --read-data-subset)");
                check = "never checked";
            } else {
                CheckRecord c = o.lastCheck().get();
                errors += c.errors();
                if (c.errors() > 0) {
                    reasons.add(repo.name() + ": " + c.errors() + " error(s) in the last check at " + c.time());
                }
                check = "checked " + c.time() + (c.errors() > 0 ? ", " + c.errors() + " ERRORS" : ", no errors");
            }
            copies.add(new SystemStatus.Copy(repo.name(), true, "fresh (" + check + ")"));
        }
        CopyMatrix.Row row = new CopyMatrix.Row(system, holding);
        List<String> all = new ArrayList<>(row.shortfalls());
        all.addAll(reasons);
        return new SystemStatus(system.name(), tier.name(), tier.rpo(), row.copies(), row.media(), row.offSite(),
                row.immutable(), errors, holding.stream().map(RepositorySpec::name).toList(), copies, all);
    }

    /** Why the repository does not hold a fresh enough point of every source, or empty if it does. */
    private static Optional<String> staleness(SystemSpec system, Duration rpo, RepositoryObservation o, Instant now) {
        if (system.sources().isEmpty()) {
            return Optional.of("the system declares no sources");
        }
        for (String source : system.sources().keySet()) {
            String stream = system.name() + "/" + source;
            Instant newest = o.newestPoint().get(stream);
            if (newest == null) {
                return Optional.of("no recovery point of " + stream);
            }
            Duration age = Duration.between(newest, now);
            if (age.compareTo(rpo) > 0) {
                return Optional.of(stream + " is " + DurationText.format(age.withNanos(0)) + " old, over the RPO of "
                        + DurationText.format(rpo));
            }
        }
        return Optional.empty();
    }
}
