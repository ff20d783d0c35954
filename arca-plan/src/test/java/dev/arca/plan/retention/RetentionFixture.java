package dev.arca.plan.retention;

import dev.arca.plan.Retention;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Snapshots and retentions written the short way, so tests read as tables. */
final class RetentionFixture {
    private RetentionFixture() {
    }

    static Retention counts(int last, int hourly, int daily, int weekly, int monthly, int yearly) {
        return new Retention(last, hourly, daily, weekly, monthly, yearly, Optional.empty(), Optional.empty());
    }

    static Retention within(Duration within) {
        return new Retention(0, 0, 0, 0, 0, 0, Optional.of(within), Optional.empty());
    }

    static SnapshotRef snap(String id, String instant, String... tags) {
        return new SnapshotRef(id, Instant.parse(instant), "db", Set.of(tags));
    }

    static SnapshotRef inGroup(String group, String id, String instant) {
        return new SnapshotRef(id, Instant.parse(instant), group, Set.of());
    }

    /** One snapshot at noon UTC every {@code step} days from {@code first} to {@code last}, named by date. */
    static List<SnapshotRef> days(String first, String last, int step) {
        List<SnapshotRef> snapshots = new ArrayList<>();
        for (LocalDate day = LocalDate.parse(first); !day.isAfter(LocalDate.parse(last)); day = day.plusDays(step)) {
            snapshots.add(snap(day.toString(), day + "T12:00:00Z"));
        }
        return snapshots;
    }

    static List<String> ids(List<Decision> decisions) {
        return decisions.stream().map(d -> d.snapshot().id()).toList();
    }

    static List<String> kept(List<Decision> decisions) {
        return ids(decisions.stream().filter(Decision::keep).toList());
    }

    static List<String> forgotten(List<Decision> decisions) {
        return ids(decisions.stream().filter(d -> !d.keep()).toList());
    }

    /** The reasons of every kept snapshot, newest first. */
    static Map<String, List<String>> reasons(List<Decision> decisions) {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        decisions.stream().filter(Decision::keep).forEach(d -> reasons.put(d.snapshot().id(), d.reasons()));
        return reasons;
    }
}
