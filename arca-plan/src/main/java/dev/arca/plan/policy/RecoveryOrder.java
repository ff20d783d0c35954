package dev.arca.plan.policy;

import dev.arca.plan.Plan;
import dev.arca.plan.SystemSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order in which to bring systems back: a system comes after everything it depends on, and
 * among the systems that are ready, the most critical tier (lowest priority number) comes first.
 * Systems in the same wave can be recovered in parallel.
 */
public final class RecoveryOrder {
    private RecoveryOrder() {
    }

    /** One system's place in the order. */
    public record Stage(int wave, SystemSpec system) {
    }

    /** Every system, in recovery order; the plan must be free of dependency cycles. */
    public static List<Stage> of(Plan plan) {
        Comparator<SystemSpec> critical = Comparator.comparingInt((SystemSpec s) -> plan.tierOf(s).priority())
                .thenComparing(s -> plan.tierOf(s).rto())
                .thenComparing(SystemSpec::name);
        List<Stage> out = new ArrayList<>();
        Set<String> recovered = new HashSet<>();
        List<SystemSpec> pending = new ArrayList<>(plan.systems().values());
        int wave = 1;
        while (!pending.isEmpty()) {
            List<SystemSpec> ready = pending.stream()
                    .filter(s -> recovered.containsAll(s.dependsOn()))
                    .sorted(critical)
                    .toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("dependency cycle among " + pending.stream().map(SystemSpec::name).toList());
            }
            for (SystemSpec s : ready) {
                out.add(new Stage(wave, s));
            }
            ready.forEach(s -> recovered.add(s.name()));
            pending.removeAll(ready);
            wave++;
        }
        return out;
    }
}
