package dev.arca.repository.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSelectionTest {
    /** One pack name for every first byte, and a second one for some, as a repository would have. */
    private static final List<String> PACKS = IntStream.range(0, 300)
            .mapToObj(i -> HexFormat.of().toHexDigits((byte) (i * 7)) + "00".repeat(30) + HexFormat.of().toHexDigits((short) i))
            .sorted().toList();

    @Test
    void slicesOneToSevenReadEveryPackExactlyOnce() {
        List<String> read = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            List<String> slice = new DataSelection.Slice(n, 7).choose(PACKS);
            assertThat(slice).isNotEmpty();
            read.addAll(slice);
        }
        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(PACKS);
    }

    @Test
    void aSliceIsChosenByTheFirstByteOfTheName() {
        assertThat(new DataSelection.Slice(3, 4).choose(List.of("02aa", "06bb", "03cc", "fe00")))
                .containsExactly("02aa", "06bb", "fe00");
    }

    @Test
    void aPercentageIsRoundedUpAndTheSameSeedDrawsTheSameSample() {
        List<String> ten = PACKS.subList(0, 10);
        assertThat(new DataSelection.Percent(10, 1).choose(ten)).hasSize(1);
        assertThat(new DataSelection.Percent(25, 1).choose(ten)).hasSize(3).isSorted().isSubsetOf(ten);
        assertThat(new DataSelection.Percent(100, 1).choose(ten)).isEqualTo(ten);
        assertThat(new DataSelection.Percent(5, 42).choose(PACKS)).isEqualTo(new DataSelection.Percent(5, 42).choose(PACKS))
                .hasSize(15);
        assertThat(new DataSelection.Percent(50, 1).choose(PACKS)).isNotEqualTo(new DataSelection.Percent(50, 2).choose(PACKS));
    }

    @Test
    void parsesWhatTheCommandLineAndThePlanAccept() {
        assertThat(DataSelection.parse("all")).isEqualTo(DataSelection.all());
        assertThat(DataSelection.parse("2/7")).isEqualTo(new DataSelection.Slice(2, 7));
        assertThat(DataSelection.parse("12.5%")).isInstanceOfSatisfying(DataSelection.Percent.class,
                p -> assertThat(p.percent()).isEqualTo(12.5));
        assertThat(DataSelection.none().choose(PACKS)).isEmpty();
    }

    @Test
    void rejectsWhatItCannotReadWithTheReason() {
        assertThatThrownBy(() -> DataSelection.parse("8/7"))
                .hasMessage("read-data slice 8/7: expected 1 <= n <= m <= 256");
        assertThatThrownBy(() -> DataSelection.parse("1/300"))
                .hasMessage("read-data slice 1/300: expected 1 <= n <= m <= 256");
        assertThatThrownBy(() -> DataSelection.parse("0%"))
                .hasMessage("read-data percentage 0.0%: expected more than 0 and at most 100");
        assertThatThrownBy(() -> DataSelection.parse("half"))
                .hasMessage("read-data subset 'half': expected 'all', n/m (such as 1/7) or a percentage (such as 10%)");
    }
}
