package dev.arca.plan.parse;

import dev.arca.plan.Drill;
import dev.arca.plan.Runbook;
import dev.arca.plan.Scenario;
import dev.arca.plan.Step;
import dev.arca.plan.StepAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads the recovery sections: disaster scenarios, runbooks with their steps, and drills. */
final class RunbookReader {
    static final List<String> STEP_KINDS = List.of("command", "restore", "promote", "dns", "http", "verify", "notify", "manual");
    private static final Duration MAX_BUDGET = Duration.ofDays(7);

    private final Diagnostics d;

    RunbookReader(Diagnostics d) {
        this.d = d;
    }

    Optional<Scenario> scenario(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("kind", "description", "likelihood", "impact", "expected-recovery", "strategy", "systems", "runbook"));
            Scenario.Kind kind = m.required("kind", "one of hardware, software, network, natural, cyber, human")
                    .flatMap(v -> m.choice(v, m.join("kind"), Scenario.Kind.class)).orElse(Scenario.Kind.HARDWARE);
            Scenario.Level likelihood = m.choice("likelihood", Scenario.Level.class).orElse(Scenario.Level.MEDIUM);
            Scenario.Level impact = m.choice("impact", Scenario.Level.class).orElse(Scenario.Level.HIGH);
            Duration expected = m.requiredDuration("expected-recovery", Duration.ofMinutes(1), MappingReader.TEN_YEARS);
            return new Scenario(name, kind, m.text("description").orElse(""), likelihood, impact, expected,
                    m.text("strategy").orElse(""), m.words("systems"), m.text("runbook"));
        });
    }

    Optional<Runbook> runbook(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("description", "steps"));
            List<Step> steps = new ArrayList<>();
            List<Map.Entry<String, Node>> items = m.items("steps");
            if (items.isEmpty()) {
                d.error(n, m.join("steps"), "a runbook needs at least one step, got none");
            }
            for (Map.Entry<String, Node> item : items) {
                MappingReader.of(d, item.getKey(), item.getValue()).flatMap(this::step).ifPresent(steps::add);
            }
            return new Runbook(name, m.text("description").orElse(""), steps);
        });
    }

    private Optional<Step> step(MappingReader m) {
        Set<String> allowed = new java.util.HashSet<>(STEP_KINDS);
        allowed.add("name");
        allowed.add("budget");
        m.allow(allowed);
        String name = m.requiredText("name", "a short description of the step");
        Duration budget = m.requiredDuration("budget", Duration.ofSeconds(1), MAX_BUDGET);
        List<String> kinds = STEP_KINDS.stream().filter(m::has).toList();
        if (kinds.size() != 1) {
            d.error(m.node(), m.path(), "expected exactly one action (" + String.join(", ", STEP_KINDS) + ") in a step, got "
                    + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
            return Optional.of(new Step(name, budget, new StepAction.Manual("")));
        }
        String kind = kinds.get(0);
        Node v = m.value(kind).orElseThrow();
        String at = m.join(kind);
        Optional<StepAction> action = switch (kind) {
            case "command" -> m.scalar(v, at, "a shell command").map(StepAction.Command::new);
            case "manual" -> m.scalar(v, at, "an instruction for the operator").map(StepAction.Manual::new);
            case "restore" -> MappingReader.of(d, at, v).map(r -> {
                r.allow(Set.of("systems", "at"));
                requireList(r, "systems");
                return new StepAction.Restore(r.words("systems"), r.text("at").orElse("latest"));
            });
            case "verify" -> MappingReader.of(d, at, v).map(r -> {
                r.allow(Set.of("systems"));
                requireList(r, "systems");
                return new StepAction.Verify(r.words("systems"));
            });
            case "promote" -> MappingReader.of(d, at, v).map(r -> {
                r.allow(Set.of("system", "source"));
                return new StepAction.Promote(r.requiredText("system", "a system name"), r.requiredText("source", "a database source of that system"));
            });
            case "dns" -> MappingReader.of(d, at, v).map(r -> {
                r.allow(Set.of("zone", "record", "to", "server"));
                return new StepAction.Dns(r.requiredText("zone", "a DNS zone"), r.requiredText("record", "a record name"),
                        r.requiredText("to", "the new address"), r.text("server"));
            });
            case "http" -> http(v, at);
            default -> MappingReader.of(d, at, v).map(r -> {
                r.allow(Set.of("message", "contacts"));
                return new StepAction.Notify(r.requiredText("message", "the message to send"), r.words("contacts"));
            });
        };
        // A step that failed to read keeps its place, so later steps' messages name the right index.
        return Optional.of(new Step(name, budget, action.orElse(new StepAction.Manual(""))));
    }

    private void requireList(MappingReader r, String key) {
        if (!r.has(key)) {
            r.required(key, "a list of system names");
        }
    }

    private Optional<StepAction> http(Node v, String at) {
        if (v instanceof ScalarNode s) {
            return Optional.of(new StepAction.Http("POST", s.getValue(), 200));
        }
        return MappingReader.of(d, at, v).map(r -> {
            r.allow(Set.of("url", "method", "expect"));
            return new StepAction.Http(r.text("method").orElse("POST"), r.requiredText("url", "an http(s) URL"),
                    r.wholeNumber("expect", 100, 599, 200));
        });
    }

    Optional<Drill> drill(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("runbook", "scenario", "description"));
            return new Drill(name, m.requiredText("runbook", "the name of a runbook to rehearse"), m.text("scenario"),
                    m.text("description").orElse(""));
        });
    }
}
