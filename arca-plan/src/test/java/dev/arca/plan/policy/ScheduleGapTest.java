package dev.arca.plan.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.plan.time.CronExpression;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleGapTest {
    private static Duration gap(String... crons) {
        return ScheduleGap.longest(java.util.Arrays.stream(crons).map(CronExpression::parse).toList()).orElseThrow();
    }

    @Test
    void regularSchedules() {
        assertThat(gap("*/5 * * * *")).isEqualTo(Duration.ofMinutes(5));
        assertThat(gap("0 2 * * *")).isEqualTo(Duration.ofDays(1));
        assertThat(gap("0 5 * * SUN")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void unionTakesTheDenserScheduleAcrossTheYearBoundary() {
        assertThat(gap("*/5 * * * *", "0 2 * * *")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unevenSchedulesReportTheWorstGap() {
        // 02:00 and 06:00 every day: the night gap is 20 hours.
        assertThat(gap("0 2,6 * * *")).isEqualTo(Duration.ofHours(20));
        // Monthly on the 1st: the longest month (31 days).
        assertThat(gap("0 0 1 * *")).isEqualTo(Duration.ofDays(31));
    }

    @Test
    void noSchedulesNoGap() {
        assertThat(ScheduleGap.longest(List.of())).isEmpty();
        assertThat(ScheduleGap.longest(List.of(CronExpression.parse("0 0 30 FEB *")))).isEmpty();
    }
}
