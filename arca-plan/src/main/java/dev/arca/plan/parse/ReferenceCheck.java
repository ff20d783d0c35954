package dev.arca.plan.parse;

import dev.arca.plan.Channel;
import dev.arca.plan.Check;
import dev.arca.plan.Drill;
import dev.arca.plan.EscalationLevel;
import dev.arca.plan.Plan;
import dev.arca.plan.Runbook;
import dev.arca.plan.Scenario;
import dev.arca.plan.Schedule;
import dev.arca.plan.Scope;
import dev.arca.plan.SecretRef;
import dev.arca.plan.Source;
import dev.arca.plan.StepAction;
import dev.arca.plan.SystemSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves every name a plan uses (tiers, systems, repositories, contacts, channels, runbooks,
 * drills, scenarios, secrets) and rejects dependency cycles. Runs only on a plan that read without
 * errors, so each message is about one reference, not a cascade.
 */
final class ReferenceCheck {
    private final Diagnostics d;
    private final Plan plan;

    ReferenceCheck(Diagnostics d, Plan plan) {
        this.d = d;
        this.plan = plan;
    }

    void run() {
        plan.systems().values().forEach(this::system);
        cycles();
        for (int i = 0; i < plan.schedules().size(); i++) {
            schedule("schedules[" + i + "]", plan.schedules().get(i));
        }
        for (int i = 0; i < plan.escalation().size(); i++) {
            EscalationLevel level = plan.escalation().get(i);
            String at = "escalation[" + i + "]";
            names(at + ".notify", level.contacts(), plan.contacts().keySet(), "contact", "contacts");
            names(at + ".via", level.via(), plan.notifications().keySet(), "notification channel", "notifications");
        }
        plan.notifications().values().forEach(this::channel);
        plan.scenarios().values().forEach(this::scenario);
        plan.runbooks().values().forEach(this::runbook);
        plan.drills().values().forEach(this::drill);
    }

    private void system(SystemSpec s) {
        String at = "systems." + s.name();
        name(at + ".tier", s.tier(), plan.tiers().keySet(), "tier", "tiers");
        for (String dep : s.dependsOn()) {
            if (dep.equals(s.name())) {
                d.error(at + ".depends-on", "system '" + s.name() + "' cannot depend on itself");
            }
        }
        names(at + ".depends-on", s.dependsOn(), plan.systems().keySet(), "system", "systems");
        s.sources().values().forEach(src -> secrets(at + ".sources." + src.name() + ".password", password(src)));
        List<String> databases = s.sources().values().stream().filter(x -> !(x instanceof Source.Files))
                .map(Source::name).toList();
        for (int i = 0; i < s.checks().size(); i++) {
            if (s.checks().get(i) instanceof Check.Sql sql) {
                String cat = at + ".checks[" + i + "]";
                if (sql.source().isPresent()) {
                    name(cat + ".source", sql.source().get(), databases, "database source of " + s.name(), at + ".sources");
                } else if (databases.size() != 1) {
                    d.error(cat, "an sql check needs 'source:' naming one of the system's database sources, got "
                            + (databases.isEmpty() ? "a system with none" : databases.size() + " to choose from: "
                            + String.join(", ", databases)));
                }
            }
        }
    }

    private static Optional<SecretRef> password(Source s) {
        return switch (s) {
            case Source.Postgres p -> p.password();
            case Source.Mariadb m -> m.password();
            default -> Optional.empty();
        };
    }

    private void secrets(String at, Optional<SecretRef> ref) {
        if (ref.isPresent() && ref.get() instanceof SecretRef.Named n) {
            name(at + ".secret", n.name(), plan.secrets().keySet(), "secret", "secrets");
        }
    }

    /** Depth-first search for a cycle in depends-on; each cycle is reported once, as a path. */
    private void cycles() {
        Set<String> done = new HashSet<>();
        for (String start : plan.systems().keySet()) {
            walk(start, new ArrayList<>(), done);
        }
    }

    private void walk(String system, List<String> stack, Set<String> done) {
        if (done.contains(system) || !plan.systems().containsKey(system)) {
            return;
        }
        int at = stack.indexOf(system);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
            cycle.add(system);
            d.error("systems." + system + ".depends-on", "dependency cycle " + String.join(" -> ", cycle)
                    + "; a system cannot be recovered before the systems it depends on");
            return;
        }
        stack.add(system);
        for (String dep : plan.systems().get(system).dependsOn()) {
            if (!dep.equals(system)) {
                walk(dep, stack, done);
            }
        }
        stack.remove(stack.size() - 1);
        done.add(system);
    }

    private void schedule(String at, Schedule s) {
        switch (s.job()) {
            case Schedule.Backup b -> {
                scope(at, b.systems());
                repository(at + ".to", b.to());
            }
            case Schedule.Copy c -> {
                scope(at, c.systems());
                repository(at + ".from", c.from());
                names(at + ".to", c.to(), plan.repositories().keySet(), "repository", "repositories");
                if (c.to().contains(c.from())) {
                    d.error(at + ".to", "a copy cannot go to the repository it comes from ('" + c.from() + "')");
                }
            }
            case Schedule.Verify v -> names(at + ".repositories", v.repositories(), plan.repositories().keySet(),
                    "repository", "repositories");
            case Schedule.Prune p -> names(at + ".repositories", p.repositories(), plan.repositories().keySet(),
                    "repository", "repositories");
            case Schedule.RunDrill r -> name(at + ".drill", r.drill(), plan.drills().keySet(), "drill", "drills");
        }
    }

    private void scope(String at, Scope scope) {
        names(at + ".systems", scope.systems(), plan.systems().keySet(), "system", "systems");
    }

    private void repository(String at, String name) {
        if (plan.repositories().isEmpty()) {
            d.error(at, "no repository is declared to hold backups; add one under 'repositories'");
        } else {
            name(at, name, plan.repositories().keySet(), "repository", "repositories");
        }
    }

    private void channel(Channel c) {
        String at = "notifications." + c.name();
        switch (c) {
            case Channel.Email e -> secrets(at + ".password", e.password());
            case Channel.Sms s -> secrets(at + ".token", s.token());
            default -> {
            }
        }
    }

    private void scenario(Scenario s) {
        String at = "scenarios." + s.name();
        names(at + ".systems", s.systems(), plan.systems().keySet(), "system", "systems");
        s.runbook().ifPresent(r -> name(at + ".runbook", r, plan.runbooks().keySet(), "runbook", "runbooks"));
    }

    private void runbook(Runbook r) {
        for (int i = 0; i < r.steps().size(); i++) {
            String at = "runbooks." + r.name() + ".steps[" + i + "]";
            StepAction a = r.steps().get(i).action();
            names(at + "." + a.kind() + ".systems", a.systems(), plan.systems().keySet(), "system", "systems");
            if (a instanceof StepAction.Promote p && plan.systems().containsKey(p.system())) {
                List<String> databases = plan.systems().get(p.system()).sources().values().stream()
                        .filter(x -> !(x instanceof Source.Files)).map(Source::name).toList();
                name(at + ".promote.source", p.source(), databases, "database source of " + p.system(),
                        "systems." + p.system() + ".sources");
            }
            if (a instanceof StepAction.Notify n) {
                names(at + ".notify.contacts", n.contacts(), plan.contacts().keySet(), "contact", "contacts");
            }
        }
    }

    private void drill(Drill dr) {
        String at = "drills." + dr.name();
        name(at + ".runbook", dr.runbook(), plan.runbooks().keySet(), "runbook", "runbooks");
        dr.scenario().ifPresent(s -> name(at + ".scenario", s, plan.scenarios().keySet(), "scenario", "scenarios"));
    }

    private void names(String at, List<String> used, Collection<String> known, String what, String section) {
        for (String n : used) {
            name(at, n, known, what, section);
        }
    }

    private void name(String at, String used, Collection<String> known, String what, String section) {
        // An empty name was already reported as missing where it was read.
        if (!used.isEmpty() && !known.contains(used)) {
            String hint = Suggestion.closest(used, known).map(s -> "; did you mean '" + s + "'?")
                    .orElse(known.isEmpty() ? "; '" + section + "' declares none" : "; declared: " + String.join(", ", known));
            d.error(at, "unknown " + what + " '" + used + "'" + hint);
        }
    }

}
