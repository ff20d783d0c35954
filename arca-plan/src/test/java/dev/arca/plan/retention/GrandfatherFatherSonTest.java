package dev.arca.plan.retention;

import static dev.arca.plan.retention.RetentionFixture.counts;
import static dev.arca.plan.retention.RetentionFixture.forgotten;
import static dev.arca.plan.retention.RetentionFixture.kept;
import static dev.arca.plan.retention.RetentionFixture.reasons;
import static dev.arca.plan.retention.RetentionFixture.days;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard DR retention (daily 30, weekly 12, monthly 12, yearly 7) over a daily backup
 * from 2024-01-01 to Wednesday 2026-11-25, worked out by hand.
 */
class GrandfatherFatherSonTest {
    private static final LocalDate LAST = LocalDate.of(2026, 11, 25);
    private static List<Decision> decisions;

    @BeforeAll
    static void forget() {
        decisions = new RetentionPolicy(counts(0, 0, 30, 12, 12, 7), ZoneOffset.UTC)
                .decide(days("2024-01-01", LAST.toString(), 1), Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void keepsExactlyTheGrandfatherFatherSonSet() {
        List<String> expected = new ArrayList<>();
        for (LocalDate day = LAST; !day.isBefore(LocalDate.of(2026, 10, 27)); day = day.minusDays(1)) {
            expected.add(day.toString()); // the 30 dailies
        }
        expected.addAll(List.of(
                // weekly: the Sundays of weeks 43 to 37 (weeks 48 to 44 end among the dailies)
                "2026-10-25", "2026-10-18", "2026-10-11", "2026-10-04",
                "2026-09-30", // monthly, September
                "2026-09-27", "2026-09-20", "2026-09-13",
                // monthly: August 2026 back to December 2025 (November and October are dailies)
                "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31",
                "2026-02-28", "2026-01-31", "2025-12-31",
                // yearly: 2026 and 2025 are already kept; 2024, and, with four years unfilled, the oldest
                "2024-12-31", "2024-01-01"));

        assertThat(kept(decisions)).containsExactlyElementsOf(expected).hasSize(49);
        assertThat(forgotten(decisions)).hasSize(366 + 365 + 329 - 49);
    }

    @Test
    void explainsEachKeptSnapshot() {
        Map<String, List<String>> reasons = reasons(decisions);

        assertThat(reasons.get("2026-11-25")).containsExactly("daily snapshot for 2026-11-25",
                "weekly snapshot for 2026-W48", "monthly snapshot for 2026-11", "yearly snapshot for 2026");
        assertThat(reasons.get("2026-11-22")).containsExactly("daily snapshot for 2026-11-22",
                "weekly snapshot for 2026-W47");
        assertThat(reasons.get("2026-10-31")).containsExactly("daily snapshot for 2026-10-31",
                "monthly snapshot for 2026-10");
        assertThat(reasons.get("2026-10-27")).containsExactly("daily snapshot for 2026-10-27");
        assertThat(reasons.get("2026-10-25")).containsExactly("weekly snapshot for 2026-W43");
        assertThat(reasons.get("2026-09-13")).containsExactly("weekly snapshot for 2026-W37");
        assertThat(reasons.get("2026-09-30")).containsExactly("monthly snapshot for 2026-09");
        assertThat(reasons.get("2025-12-31")).containsExactly("monthly snapshot for 2025-12",
                "yearly snapshot for 2025");
        assertThat(reasons.get("2024-12-31")).containsExactly("yearly snapshot for 2024");
        assertThat(reasons.get("2024-01-01")).containsExactly("oldest yearly snapshot (rule not filled)");
    }
}
