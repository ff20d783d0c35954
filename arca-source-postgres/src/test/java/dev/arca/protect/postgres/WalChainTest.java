package dev.arca.protect.postgres;

import dev.arca.repository.log.LogFile;
import dev.arca.repository.snapshot.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which stored WAL a base backup's window runs through, across failovers, without a server. */
class WalChainTest {
    private static final long SEG = 16L << 20;
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** A base backup on {@code timeline} from segment 1 to segment 2, finished at T0 + 1 s. */
    private static Snapshot base(String id, int timeline) {
        return new Snapshot(id + "0".repeat(64 - id.length()), T0, "h", "u", "ticketing/db", List.of("/base.tar"), List.of(),
                "tree", null, null, Map.of("kind", "basebackup", "segmentSize", Long.toString(SEG),
                "timeline", Integer.toString(timeline), "startLsn", "0/1000028", "stopLsn", "0/2000100",
                "stopTime", T0.plusSeconds(1).toString()), "arca");
    }

    /** A stored segment whose newest bytes arrived {@code second} seconds after T0. */
    private static LogFile segment(int timeline, long number, boolean complete, int second) {
        return new LogFile(WalSegment.name(timeline, number, SEG), complete ? SEG : 4096, complete, T0,
                T0.plusSeconds(second), List.of());
    }

    private static LogFile file(String name) {
        return new LogFile(name, 41, true, T0, T0, List.of());
    }

    private static Map<Integer, TimelineHistory> history(String text) {
        return Map.of(2, TimelineHistory.parse("00000002.history", text));
    }

    @Test
    void aFailoverContinuesTheWindowOnTheNewTimelineFromTheSwitchSegment() {
        List<LogFile> logs = List.of(segment(1, 1, true, 2), segment(1, 2, true, 3), segment(1, 3, false, 4),
                file("00000002.history"), segment(2, 3, true, 6), segment(2, 4, false, 9));

        List<WalChain.Run> runs = WalChain.runs(List.of(base("aa", 1)), logs, history("1\t0/3000170\tno recovery target specified\n"));

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.segments()).extracting(LogFile::log).containsExactly("000000010000000000000001",
                    "000000010000000000000002", "000000020000000000000003", "000000020000000000000004");
            assertThat(r.timeline()).isEqualTo(2);
            assertThat(r.history()).map(LogFile::log).contains("00000002.history");
            assertThat(r.window().to()).isEqualTo(T0.plusSeconds(9));
            assertThat(r.window().brokenBy()).isEmpty();
        });
    }

    @Test
    void withoutAHistoryFileTheWindowEndsWithItsOwnTimeline() {
        List<LogFile> logs = List.of(segment(1, 1, true, 2), segment(1, 2, true, 3), segment(1, 3, false, 4),
                segment(2, 3, true, 6), segment(2, 4, false, 9));

        List<WalChain.Run> runs = WalChain.runs(List.of(base("aa", 1)), logs, Map.of());

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.segments()).hasSize(3);
            assertThat(r.timeline()).isEqualTo(1);
            assertThat(r.history()).isEmpty();
            assertThat(r.window().to()).isEqualTo(T0.plusSeconds(4));
        });
    }

    @Test
    void aTimelineThatForkedBeforeTheBackupEndedIsNotFollowed() {
        List<LogFile> logs = List.of(segment(1, 1, true, 2), segment(1, 2, true, 3), file("00000002.history"),
                segment(2, 2, true, 6));

        List<WalChain.Run> runs = WalChain.runs(List.of(base("aa", 1)), logs, history("1\t0/1800000\tbefore the backup ended\n"));

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.timeline()).isEqualTo(1);
            assertThat(r.segments()).extracting(LogFile::log).containsExactly("000000010000000000000001",
                    "000000010000000000000002");
        });
    }

    @Test
    void aMissingSegmentOnTheNewTimelineBreaksTheWindowThere() {
        List<LogFile> logs = List.of(segment(1, 1, true, 2), segment(1, 2, true, 3), segment(1, 3, true, 4),
                file("00000002.history"), segment(2, 4, true, 6), segment(2, 5, false, 9));

        List<WalChain.Run> runs = WalChain.runs(List.of(base("aa", 1)), logs, history("1\t0/3000170\tno recovery target specified\n"));

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.window().to()).isEqualTo(T0.plusSeconds(3));
            assertThat(r.window().brokenBy()).contains(
                    "WAL segment 000000020000000000000003 is missing; later WAL cannot be replayed past it");
        });
    }

    @Test
    void twoFailoversAreFollowedToTheNewestTimeline() {
        List<LogFile> logs = new ArrayList<>(List.of(segment(1, 1, true, 2), segment(1, 2, true, 3), segment(2, 3, true, 5),
                segment(3, 4, true, 7), segment(3, 5, false, 11)));
        Map<Integer, TimelineHistory> histories = Map.of(
                2, TimelineHistory.parse("00000002.history", "1\t0/3000170\tno recovery target specified\n"),
                3, TimelineHistory.parse("00000003.history", "1\t0/3000170\tno recovery target specified\n"
                        + "\n2\t0/4000000\tno recovery target specified\n"));
        logs.add(file("00000003.history"));

        List<WalChain.Run> runs = WalChain.runs(List.of(base("aa", 1)), logs, histories);

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.segments()).extracting(LogFile::log).containsExactly("000000010000000000000001",
                    "000000010000000000000002", "000000020000000000000003", "000000030000000000000004",
                    "000000030000000000000005");
            assertThat(r.timeline()).isEqualTo(3);
            assertThat(r.history()).map(LogFile::log).contains("00000003.history");
        });
    }

    @Test
    void historyFilesAreReadAsPostgresWritesThemAndBadLinesAreNamed() {
        TimelineHistory h = TimelineHistory.parse("00000003.history",
                "# written by PostgreSQL\n1\t0/3000170\tno recovery target specified\n\n2\t1/A0\tat restore point\n");
        assertThat(h.timeline()).isEqualTo(3);
        assertThat(h.switches()).containsExactly(new TimelineHistory.Switch(1, Lsn.parse("0/3000170")),
                new TimelineHistory.Switch(2, Lsn.parse("1/A0")));
        assertThat(TimelineHistory.timelineOf("0000000A.history")).contains(10);
        assertThat(TimelineHistory.timelineOf("000000010000000000000003")).isEmpty();

        assertThatThrownBy(() -> TimelineHistory.parse("00000002.history", "1\t0/3000170\tok\nbanana\n"))
                .hasMessage("WAL history file 00000002.history, line 2: expected '<parent timeline> <switch LSN> <reason>', "
                        + "got 'banana'");
        assertThatThrownBy(() -> TimelineHistory.parse("00000002.history", "2\t0/3000170\tok\n"))
                .hasMessage("WAL history file 00000002.history, line 1: parent timeline 2 must be above 0 and below 2");
        assertThatThrownBy(() -> TimelineHistory.parse("backup.history", ""))
                .hasMessage("'backup.history' is not a timeline history file name; expected like 00000002.history");
    }
}
