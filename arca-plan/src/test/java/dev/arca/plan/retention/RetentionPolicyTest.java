package dev.arca.plan.retention;

import static dev.arca.plan.retention.RetentionFixture.counts;
import static dev.arca.plan.retention.RetentionFixture.days;
import static dev.arca.plan.retention.RetentionFixture.forgotten;
import static dev.arca.plan.retention.RetentionFixture.ids;
import static dev.arca.plan.retention.RetentionFixture.inGroup;
import static dev.arca.plan.retention.RetentionFixture.kept;
import static dev.arca.plan.retention.RetentionFixture.reasons;
import static dev.arca.plan.retention.RetentionFixture.snap;
import static dev.arca.plan.retention.RetentionFixture.within;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.plan.Retention;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static List<Decision> decide(Retention retention, SnapshotRef... snapshots) {
        return decide(retention, List.of(snapshots));
    }

    private static List<Decision> decide(Retention retention, List<SnapshotRef> snapshots) {
        return new RetentionPolicy(retention, UTC).decide(snapshots, NOW);
    }

    private static Map<String, List<String>> keptIn(ZoneId zone, Retention retention, List<SnapshotRef> snapshots) {
        return reasons(new RetentionPolicy(retention, zone).decide(snapshots, NOW));
    }

    private static final SnapshotRef[] HOURS_WITH_GAPS = {
        snap("h1", "2026-11-25T10:05:00Z"),
        snap("h2", "2026-11-25T10:40:00Z"),
        snap("h3", "2026-11-25T12:15:00Z"),
        snap("h4", "2026-11-25T15:30:00Z"),
        snap("h5", "2026-11-25T15:50:00Z"),
    };

    @Test
    void lastKeepsTheNewestAndDecidesEverySnapshotNewestFirst() {
        List<Decision> d = decide(counts(2, 0, 0, 0, 0, 0),
                snap("a", "2026-11-25T01:00:00Z"),
                snap("c", "2026-11-25T03:00:00Z"),
                snap("b", "2026-11-25T02:00:00Z"),
                snap("d", "2026-11-25T04:00:00Z"));

        assertThat(ids(d)).containsExactly("d", "c", "b", "a");
        assertThat(reasons(d)).containsExactly(entry("d", List.of("last snapshot")), entry("c", List.of("last snapshot")));
        assertThat(forgotten(d)).containsExactly("b", "a");
        assertThat(d.get(2).reasons()).isEmpty();
    }

    @Test
    void hourlyCountsOnlyHoursThatHaveSnapshots() {
        List<Decision> d = decide(counts(0, 2, 0, 0, 0, 0), HOURS_WITH_GAPS);

        // 11:00, 13:00 and 14:00 have no snapshot and use up nothing.
        assertThat(reasons(d)).containsExactly(
                entry("h5", List.of("hourly snapshot for 2026-11-25 15:00")),
                entry("h3", List.of("hourly snapshot for 2026-11-25 12:00")));
        assertThat(forgotten(d)).containsExactly("h4", "h2", "h1");
    }

    @Test
    void aRuleNotFilledAlsoKeepsTheOldestSnapshot() {
        List<Decision> d = decide(counts(0, 5, 0, 0, 0, 0), HOURS_WITH_GAPS);

        assertThat(reasons(d)).containsExactly(
                entry("h5", List.of("hourly snapshot for 2026-11-25 15:00")),
                entry("h3", List.of("hourly snapshot for 2026-11-25 12:00")),
                entry("h2", List.of("hourly snapshot for 2026-11-25 10:00")),
                entry("h1", List.of("oldest hourly snapshot (rule not filled)")));
        assertThat(forgotten(d)).containsExactly("h4");
    }

    @Test
    void dailyOnWeeklyBackupsKeepsTheLastSundays() {
        // restic's own documentation example: twelve Sunday backups, --keep-daily 4.
        List<Decision> d = decide(counts(0, 0, 4, 0, 0, 0), days("2019-09-01", "2019-11-17", 7));

        assertThat(reasons(d)).containsExactly(
                entry("2019-11-17", List.of("daily snapshot for 2019-11-17")),
                entry("2019-11-10", List.of("daily snapshot for 2019-11-10")),
                entry("2019-11-03", List.of("daily snapshot for 2019-11-03")),
                entry("2019-10-27", List.of("daily snapshot for 2019-10-27")));
        assertThat(forgotten(d)).hasSize(8);
    }

    @Test
    void weeklyKeepsTheNewestOfEachIsoWeek() {
        List<Decision> d = decide(counts(0, 0, 0, 2, 0, 0), days("2026-11-01", "2026-11-18", 1));

        // Weeks run Monday to Sunday: Nov 16 (Mon) to 18 is week 47, Nov 15 is the Sunday of week 46.
        assertThat(reasons(d)).containsExactly(
                entry("2026-11-18", List.of("weekly snapshot for 2026-W47")),
                entry("2026-11-15", List.of("weekly snapshot for 2026-W46")));
        assertThat(forgotten(d)).hasSize(16);
    }

    @Test
    void isoWeeksSpanTheNewYearWhileYearsDoNot() {
        SnapshotRef[] boundary = {
            snap("2025-12-28", "2025-12-28T12:00:00Z"), // Sunday, 2025-W52
            snap("2025-12-29", "2025-12-29T12:00:00Z"), // Monday, already 2026-W01
            snap("2026-12-28", "2026-12-28T12:00:00Z"), // Monday of 2026-W53 (2026 has 53 weeks)
            snap("2026-12-31", "2026-12-31T12:00:00Z"),
            snap("2027-01-01", "2027-01-01T12:00:00Z"), // Friday, still 2026-W53
            snap("2027-01-04", "2027-01-04T12:00:00Z"), // Monday, 2027-W01
        };

        List<Decision> weekly = decide(counts(0, 0, 0, 10, 0, 0), boundary);
        assertThat(reasons(weekly)).containsExactly(
                entry("2027-01-04", List.of("weekly snapshot for 2027-W01")),
                entry("2027-01-01", List.of("weekly snapshot for 2026-W53")),
                entry("2025-12-29", List.of("weekly snapshot for 2026-W01")),
                entry("2025-12-28", List.of("weekly snapshot for 2025-W52")));
        assertThat(forgotten(weekly)).containsExactly("2026-12-31", "2026-12-28");

        List<Decision> yearly = decide(counts(0, 0, 0, 0, 0, 10), boundary);
        assertThat(reasons(yearly)).containsExactly(
                entry("2027-01-04", List.of("yearly snapshot for 2027")),
                entry("2026-12-31", List.of("yearly snapshot for 2026")),
                entry("2025-12-29", List.of("yearly snapshot for 2025")),
                entry("2025-12-28", List.of("oldest yearly snapshot (rule not filled)")));
    }

    @Test
    void monthlyKeepsTheNewestOfEachMonth() {
        List<Decision> d = decide(counts(0, 0, 0, 0, 2, 0),
                snap("jan-15", "2026-01-15T12:00:00Z"),
                snap("jan-31", "2026-01-31T12:00:00Z"),
                snap("feb-01", "2026-02-01T12:00:00Z"),
                snap("mar-10", "2026-03-10T12:00:00Z"));

        assertThat(reasons(d)).containsExactly(
                entry("mar-10", List.of("monthly snapshot for 2026-03")),
                entry("feb-01", List.of("monthly snapshot for 2026-02")));
        assertThat(forgotten(d)).containsExactly("jan-31", "jan-15");
    }

    @Test
    void yearlyKeepsTheNewestOfEachYear() {
        List<Decision> d = decide(counts(0, 0, 0, 0, 0, 2),
                snap("2024-06", "2024-06-01T12:00:00Z"),
                snap("2025-03", "2025-03-01T12:00:00Z"),
                snap("2025-12", "2025-12-31T23:00:00Z"),
                snap("2026-01", "2026-01-01T00:30:00Z"));

        assertThat(kept(d)).containsExactly("2026-01", "2025-12");
        assertThat(d.get(1).reasons()).containsExactly("yearly snapshot for 2025");
    }

    @Test
    void theZoneDecidesWhereDaysAndYearsBegin() {
        List<SnapshotRef> snapshots = List.of(
                snap("march", "2025-03-01T12:00:00Z"),
                snap("14z", "2025-12-31T14:00:00Z"),
                snap("16z", "2025-12-31T16:00:00Z"),
                snap("01z", "2026-01-01T01:00:00Z"));
        Retention dailyAndYearly = counts(0, 0, 2, 0, 0, 2);
        List<String> newYear = List.of("daily snapshot for 2026-01-01", "yearly snapshot for 2026");
        List<String> newYearsEve = List.of("daily snapshot for 2025-12-31", "yearly snapshot for 2025");

        assertThat(keptIn(UTC, dailyAndYearly, snapshots))
                .containsExactly(entry("01z", newYear), entry("16z", newYearsEve));
        // UTC+9: 14z is 23:00 on New Year's Eve, 16z is 01:00 on New Year's Day like 01z.
        assertThat(keptIn(SEOUL, dailyAndYearly, snapshots))
                .containsExactly(entry("01z", newYear), entry("14z", newYearsEve));
    }

    @Test
    void withinCountsFromTheNewestSnapshotNotFromNow() {
        List<SnapshotRef> days = days("2026-01-01", "2026-01-20", 1);
        // Backups stopped in January; a forget in June must not empty the repository.
        Instant june = Instant.parse("2026-06-01T00:00:00Z");
        List<Decision> d = new RetentionPolicy(within(Duration.ofDays(7)), UTC).decide(days, june);

        // Jan 13 12:00 is exactly 7 days before the newest and, as in restic, falls outside.
        assertThat(kept(d)).containsExactly(
                "2026-01-20", "2026-01-19", "2026-01-18", "2026-01-17", "2026-01-16", "2026-01-15", "2026-01-14");
        assertThat(d.getFirst().reasons()).containsExactly("within 7d of the newest");
        assertThat(forgotten(d)).hasSize(13).startsWith("2026-01-13");
    }

    @Test
    void aSnapshotDatedInTheFutureDoesNotMoveTheWithinWindow() {
        Instant now = Instant.parse("2026-06-10T00:00:00Z");
        List<SnapshotRef> snapshots = List.of(
                snap("future", "2026-06-11T00:00:00Z"),
                snap("newest", "2026-06-09T00:00:00Z"),
                snap("inside", "2026-06-07T01:00:00Z"),
                snap("edge", "2026-06-07T00:00:00Z"));

        List<Decision> d = new RetentionPolicy(within(Duration.ofDays(2)), UTC).decide(snapshots, now);
        assertThat(reasons(d)).containsExactly(
                entry("future", List.of("dated in the future")),
                entry("newest", List.of("within 2d of the newest")),
                entry("inside", List.of("within 2d of the newest")));
        assertThat(forgotten(d)).containsExactly("edge");

        // Only the within rule treats the future specially; counting rules take it as the newest.
        List<Decision> last = new RetentionPolicy(counts(1, 0, 0, 0, 0, 0), UTC).decide(snapshots, now);
        assertThat(kept(last)).containsExactly("future");
    }

    @Test
    void withinKeepsEverythingWhenAllSnapshotsAreInTheFuture() {
        List<Decision> d = new RetentionPolicy(within(Duration.ofHours(1)), UTC).decide(
                List.of(snap("a", "2031-01-01T00:00:00Z"), snap("b", "2030-06-01T00:00:00Z")), NOW);

        assertThat(kept(d)).containsExactly("a", "b");
    }

    @Test
    void keepTagsProtectFromEveryRule() {
        List<Decision> d = new RetentionPolicy(counts(1, 0, 0, 0, 0, 0), UTC, Set.of("pre-upgrade", "legal-hold"))
                .decide(List.of(
                        snap("old", "2026-01-01T00:00:00Z", "pre-upgrade", "legal-hold", "manual"),
                        snap("mid", "2026-02-01T00:00:00Z", "manual"),
                        snap("new", "2026-03-01T00:00:00Z")), NOW);

        assertThat(reasons(d)).containsExactly(
                entry("new", List.of("last snapshot")),
                entry("old", List.of("has tag legal-hold", "has tag pre-upgrade")));
        assertThat(forgotten(d)).containsExactly("mid");
    }

    @Test
    void aSnapshotKeptBySeveralRulesListsEveryReasonInRuleOrder() {
        Retention r = new Retention(1, 0, 2, 0, 0, 0, Optional.of(Duration.ofHours(1)), Optional.empty());
        List<Decision> d = new RetentionPolicy(r, UTC, Set.of("keep")).decide(List.of(
                snap("newest", "2026-11-25T10:00:00Z", "keep"),
                snap("earlier", "2026-11-25T09:30:00Z"),
                snap("yesterday", "2026-11-24T08:00:00Z"),
                snap("older", "2026-11-24T07:00:00Z")), NOW);

        assertThat(reasons(d)).containsExactly(
                entry("newest", List.of("has tag keep", "within 1h of the newest", "last snapshot",
                        "daily snapshot for 2026-11-25")),
                entry("earlier", List.of("within 1h of the newest")),
                entry("yesterday", List.of("daily snapshot for 2026-11-24")));
        assertThat(forgotten(d)).containsExactly("older");
    }

    @Test
    void groupsAreDecidedIndependentlyAndListedByKey() {
        List<Decision> d = decide(counts(1, 0, 0, 0, 0, 0),
                inGroup("web", "web-1", "2026-11-25T01:00:00Z"),
                inGroup("db", "db-1", "2026-01-01T00:00:00Z"),
                inGroup("web", "web-3", "2026-11-25T03:00:00Z"),
                inGroup("db", "db-2", "2026-01-02T00:00:00Z"),
                inGroup("web", "web-2", "2026-11-25T02:00:00Z"));

        assertThat(ids(d)).containsExactly("db-2", "db-1", "web-3", "web-2", "web-1");
        // The old db group keeps its newest even though every web snapshot is newer.
        assertThat(kept(d)).containsExactly("db-2", "web-3");
    }

    @Test
    void noSnapshotsNoDecisions() {
        assertThat(decide(counts(3, 0, 7, 0, 0, 0))).isEmpty();
        assertThat(decide(Retention.KEEP_ALL)).isEmpty();
    }

    @Test
    void aRetentionWithoutRulesKeepsEverySnapshot() {
        Retention logsOnly = new Retention(0, 0, 0, 0, 0, 0, Optional.empty(), Optional.of(Duration.ofDays(7)));
        List<SnapshotRef> snapshots = List.of(
                snap("a", "2020-01-01T00:00:00Z"),
                snap("b", "2026-01-01T00:00:00Z", "pre-upgrade"));

        for (Retention r : List.of(Retention.KEEP_ALL, logsOnly)) {
            // Keep tags add protection; they never turn an empty policy into one that deletes.
            List<Decision> d = new RetentionPolicy(r, UTC, Set.of("pre-upgrade")).decide(snapshots, NOW);
            assertThat(reasons(d)).containsExactly(
                    entry("b", List.of("no retention rule set")),
                    entry("a", List.of("no retention rule set")));
        }
    }

    @Test
    void snapshotsAtTheSameInstantAreOrderedById() {
        List<SnapshotRef> tied = new ArrayList<>(List.of(
                snap("b", "2026-11-25T02:00:00Z"),
                snap("c", "2026-11-25T02:00:00Z"),
                snap("a", "2026-11-25T02:00:00Z"),
                snap("z", "2026-11-25T01:00:00Z")));
        RetentionPolicy daily = new RetentionPolicy(counts(0, 0, 1, 0, 0, 0), UTC);
        List<Decision> expected = daily.decide(tied, NOW);

        assertThat(ids(expected)).containsExactly("a", "b", "c", "z");
        assertThat(kept(expected)).containsExactly("a");
        assertThat(kept(decide(counts(1, 0, 0, 0, 0, 0), tied))).containsExactly("a");
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(tied, random);
            assertThat(daily.decide(tied, NOW)).isEqualTo(expected);
        }
    }

    @Test
    void negativeCountsAndDurationsAreRejected() {
        assertThatThrownBy(() -> new RetentionPolicy(counts(-1, 0, 0, 0, 0, 0), UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-last");
        assertThatThrownBy(() -> new RetentionPolicy(counts(0, 0, 0, -2, 0, 0), UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-weekly");
        assertThatThrownBy(() -> new RetentionPolicy(within(Duration.ofDays(-1)), UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-within");
    }
}
