package dev.arca.plan;

import dev.arca.plan.time.CronExpression;
import java.util.List;
import java.util.Optional;

/** A job that runs on a cron schedule. */
public record Schedule(CronExpression cron, Job job) {

    /** What a schedule does; the plan's {@code do:} word selects the variant. */
    public sealed interface Job {
        /** The plan's {@code do:} word. */
        String action();
    }

    /** Back up the systems' sources into a repository. */
    public record Backup(Scope systems, String to) implements Job {
        @Override
        public String action() {
            return "backup";
        }
    }

    /** Copy the systems' snapshots and logs from one repository to others. */
    public record Copy(Scope systems, String from, List<String> to) implements Job {
        public Copy {
            to = List.copyOf(to);
        }

        @Override
        public String action() {
            return "copy";
        }
    }

    /**
     * Check repositories; {@code readData} is empty for a structure-only check, or a subset such as
     * {@code 10%} or {@code 1/7}.
     */
    public record Verify(List<String> repositories, Optional<String> readData) implements Job {
        public Verify {
            repositories = List.copyOf(repositories);
        }

        @Override
        public String action() {
            return "verify";
        }
    }

    /** Apply retention and reclaim space in repositories. */
    public record Prune(List<String> repositories) implements Job {
        public Prune {
            repositories = List.copyOf(repositories);
        }

        @Override
        public String action() {
            return "prune";
        }
    }

    /** Run a drill from the plan's {@code drills} section. */
    public record RunDrill(String drill) implements Job {
        @Override
        public String action() {
            return "drill";
        }
    }
}
