package dev.arca.plan;

import java.util.List;
import java.util.Optional;

/** What a runbook step does; the key next to {@code name} and {@code budget} selects the variant. */
public sealed interface StepAction {

    /** The plan's key for this kind of step. */
    String kind();

    /** Systems this step restores, promotes or verifies. */
    default List<String> systems() {
        return List.of();
    }

    /** Run a shell command; a non-zero exit fails the step. */
    record Command(String command) implements StepAction {
        @Override
        public String kind() {
            return "command";
        }
    }

    /** Restore systems, to their latest recovery point or to a point in time ({@code at}). */
    record Restore(List<String> systems, String at) implements StepAction {
        public Restore {
            systems = List.copyOf(systems);
        }

        @Override
        public String kind() {
            return "restore";
        }
    }

    /** Promote the standby of a system's database source to primary. */
    record Promote(String system, String source) implements StepAction {
        @Override
        public String kind() {
            return "promote";
        }

        @Override
        public List<String> systems() {
            return List.of(system);
        }
    }

    /** Point a DNS record elsewhere with an RFC 2136 dynamic update. */
    record Dns(String zone, String record, String to, Optional<String> server) implements StepAction {
        @Override
        public String kind() {
            return "dns";
        }
    }

    /** An HTTP call that must answer with the expected status. */
    record Http(String method, String url, int expectStatus) implements StepAction {
        @Override
        public String kind() {
            return "http";
        }
    }

    /** Run the systems' checks; the step succeeds when all are green. */
    record Verify(List<String> systems) implements StepAction {
        public Verify {
            systems = List.copyOf(systems);
        }

        @Override
        public String kind() {
            return "verify";
        }
    }

    /** Send a message to contacts (all escalation level-one contacts when none are named). */
    record Notify(String message, List<String> contacts) implements StepAction {
        public Notify {
            contacts = List.copyOf(contacts);
        }

        @Override
        public String kind() {
            return "notify";
        }
    }

    /** Wait for a person to do something and acknowledge it; the step budget is the timeout. */
    record Manual(String instruction) implements StepAction {
        @Override
        public String kind() {
            return "manual";
        }
    }
}
