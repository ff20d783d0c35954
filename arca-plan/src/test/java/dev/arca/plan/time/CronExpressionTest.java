package dev.arca.plan.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    private static final ZonedDateTime T0 = ZonedDateTime.of(2026, 11, 26, 12, 7, 30, 0, ZoneOffset.UTC); // a Thursday

    private static ZonedDateTime next(String cron, ZonedDateTime after) {
        return CronExpression.parse(cron).next(after);
    }

    private static ZonedDateTime at(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, ZoneOffset.UTC);
    }

    @Test
    void everyFiveMinutes() {
        assertThat(next("*/5 * * * *", T0)).isEqualTo(at(11, 26, 12, 10));
    }

    @Test
    void dailyAtTwoIsTomorrowWhenTodayHasPassed() {
        assertThat(next("0 2 * * *", T0)).isEqualTo(at(11, 27, 2, 0));
    }

    @Test
    void weekdayNamesAndSevenMeanSunday() {
        assertThat(next("0 5 * * SUN", T0)).isEqualTo(at(11, 29, 5, 0));
        assertThat(next("0 5 * * 7", T0)).isEqualTo(at(11, 29, 5, 0));
        assertThat(next("0 5 * * mon-fri", T0)).isEqualTo(at(11, 27, 5, 0));
    }

    @Test
    void quarterlyOnTheFirst() {
        assertThat(next("0 3 1 */3 *", T0)).isEqualTo(ZonedDateTime.of(2027, 1, 1, 3, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // The 1st of the month or any Friday, as Vixie cron reads it.
        assertThat(next("0 0 1 * FRI", T0)).isEqualTo(at(11, 27, 0, 0));
    }

    @Test
    void listsRangesStepsAndMonthNames() {
        assertThat(next("15,45 9-17/4 * JAN,DEC *", T0)).isEqualTo(at(12, 1, 9, 15));
    }

    @Test
    void macros() {
        assertThat(next("@hourly", T0)).isEqualTo(at(11, 26, 13, 0));
        assertThat(next("@yearly", T0)).isEqualTo(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void nextIsStrictlyAfter() {
        assertThat(next("0 2 * * *", at(11, 27, 2, 0))).isEqualTo(at(11, 28, 2, 0));
    }

    @Test
    void keepsTheZone() {
        ZonedDateTime seoul = ZonedDateTime.of(2026, 11, 26, 1, 0, 0, 0, ZoneId.of("Asia/Seoul"));
        assertThat(next("0 2 * * *", seoul)).isEqualTo(ZonedDateTime.of(2026, 11, 26, 2, 0, 0, 0, ZoneId.of("Asia/Seoul")));
    }

    @Test
    void neverFiringIsDetected() {
        assertThat(CronExpression.parse("0 0 30 FEB *").firesEver(T0)).isFalse();
    }

    @Test
    void errorsNameTheFieldAndValue() {
        assertThatThrownBy(() -> CronExpression.parse("0 25 * * *"))
                .hasMessage("hour field '25' is out of range 0-23");
        assertThatThrownBy(() -> CronExpression.parse("0 2 * *"))
                .hasMessage("expected 5 fields (minute hour day-of-month month day-of-week), got 4");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessage("minute field '*/0' has a step below 1");
        assertThatThrownBy(() -> CronExpression.parse("0 0 * FOO *"))
                .hasMessage("month field 'FOO' is not a number or a name such as JAN");
        assertThatThrownBy(() -> CronExpression.parse("0 5-2 * * *")).hasMessage("hour field '5-2' has a range that runs backwards");
    }
}
