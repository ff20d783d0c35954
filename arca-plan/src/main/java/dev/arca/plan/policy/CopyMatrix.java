package dev.arca.plan.policy;

import dev.arca.plan.Media;
import dev.arca.plan.Plan;
import dev.arca.plan.RepositorySpec;
import dev.arca.plan.Schedule;
import dev.arca.plan.SystemSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The copies a plan declares for each system: the repositories its backups go to, plus those its
 * copy schedules carry them on to. This is the plan's promise; {@code arca status} later compares it
 * with what the repositories actually hold.
 */
public final class CopyMatrix {
    private CopyMatrix() {
    }

    /**
     * One system's declared copies scored against 3-2-1-1-0. Production counts as one copy; media
     * are counted over the repositories, since the live system's disk is what the rule protects.
     */
    public record Row(SystemSpec system, List<RepositorySpec> repositories) {

        public int copies() {
            return 1 + repositories.size();
        }

        public int media() {
            Set<Media> m = EnumSet.noneOf(Media.class);
            repositories.forEach(r -> m.add(r.media()));
            return m.size();
        }

        public long offSite() {
            return repositories.stream().filter(r -> r.site().offSite()).count();
        }

        public long immutable() {
            return repositories.stream().filter(RepositorySpec::immutable).count();
        }

        /** What the declared copies miss of 3-2-1-1 (the 0, verification errors, is measured, not declared). */
        public List<String> shortfalls() {
            List<String> out = new ArrayList<>();
            if (copies() < 3) {
                out.add(copies() + (copies() == 1 ? " copy" : " copies") + " counting production, 3 needed");
            }
            if (media() < 2) {
                out.add(media() + (media() == 1 ? " backup medium" : " backup media") + ", 2 needed");
            }
            if (offSite() < 1) {
                out.add("no off-site copy");
            }
            if (immutable() < 1) {
                out.add("no immutable copy");
            }
            return out;
        }
    }

    public static List<Row> of(Plan plan) {
        List<Row> rows = new ArrayList<>();
        for (SystemSpec s : plan.systems().values()) {
            rows.add(new Row(s, holders(plan, s).stream().map(plan.repositories()::get).toList()));
        }
        return rows;
    }

    /** Repository names holding a system's data, in the order data reaches them. */
    static Set<String> holders(Plan plan, SystemSpec s) {
        Set<String> held = new LinkedHashSet<>();
        for (Schedule sc : plan.schedules()) {
            if (sc.job() instanceof Schedule.Backup b && b.systems().covers(s.name())) {
                held.add(b.to());
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Schedule sc : plan.schedules()) {
                if (sc.job() instanceof Schedule.Copy c && c.systems().covers(s.name()) && held.contains(c.from())) {
                    grew |= held.addAll(c.to());
                }
            }
        }
        held.retainAll(plan.repositories().keySet());
        return held;
    }
}
