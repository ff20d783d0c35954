package dev.arca.plan.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void parsesUnitsAndCompounds() {
        assertThat(DurationText.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(DurationText.parse("15m")).contains(Duration.ofMinutes(15));
        assertThat(DurationText.parse("2h")).contains(Duration.ofHours(2));
        assertThat(DurationText.parse("7d")).contains(Duration.ofDays(7));
        assertThat(DurationText.parse("2w")).contains(Duration.ofDays(14));
        assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThat(DurationText.parse("15")).isEmpty();
        assertThat(DurationText.parse("-5m")).isEmpty();
        assertThat(DurationText.parse("5 m")).isEmpty();
        assertThat(DurationText.parse("1y")).isEmpty();
        assertThat(DurationText.parse("")).isEmpty();
        assertThat(DurationText.parse("99999999999999999999d")).isEmpty();
    }

    @Test
    void formatsShortestAndRoundTrips() {
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(DurationText.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
        for (String s : new String[] {"1s", "59m59s", "3d4h", "3650d"}) {
            assertThat(DurationText.format(DurationText.parse(s).orElseThrow())).isEqualTo(s);
        }
    }
}
