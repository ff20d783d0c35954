package dev.arca.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpectationTest {
    @Test
    void numericComparisons() {
        Expectation gt = Expectation.parse("> 0").orElseThrow();
        assertThat(gt.test("1")).isTrue();
        assertThat(gt.test("0")).isFalse();
        assertThat(Expectation.parse(">= 10").orElseThrow().test("10.0")).isTrue();
        assertThat(Expectation.parse("<5").orElseThrow().test("4")).isTrue();
        assertThat(Expectation.parse("!= 0").orElseThrow().test("3")).isTrue();
    }

    @Test
    void plainValuesMeanEquality() {
        Expectation ok = Expectation.parse("ok").orElseThrow();
        assertThat(ok.operator()).isEqualTo(Expectation.Operator.EQ);
        assertThat(ok.test(" ok\n")).isTrue();
        assertThat(ok.test("fail")).isFalse();
        assertThat(Expectation.parse("= 1").orElseThrow().test("1.00")).isTrue();
    }

    @Test
    void orderingNeedsANumber() {
        assertThat(Expectation.parse("> many")).isEmpty();
        assertThat(Expectation.parse(">")).isEmpty();
        assertThat(Expectation.parse("> 0").orElseThrow().test("lots")).isFalse();
    }
}
