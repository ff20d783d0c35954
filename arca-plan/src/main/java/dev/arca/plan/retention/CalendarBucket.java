package dev.arca.plan.retention;

import dev.arca.plan.Retention;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.function.ToIntFunction;

/**
 * The calendar periods of the grandfather-father-son rules. Two snapshots share a bucket exactly
 * when their labels are equal, so the label is both the identity and the text users read.
 */
enum CalendarBucket {
    HOURLY("hourly", Retention::hourly) {
        @Override
        String label(ZonedDateTime t) {
            return "%s %02d:00".formatted(t.toLocalDate(), t.getHour());
        }
    },
    DAILY("daily", Retention::daily) {
        @Override
        String label(ZonedDateTime t) {
            return t.toLocalDate().toString();
        }
    },
    WEEKLY("weekly", Retention::weekly) {
        // The week-based year, not the calendar year: Dec 31 can belong to week 1 of the next
        // year and Jan 1 to week 52 or 53 of the previous one, and splitting such a week in two
        // would keep two "weekly" snapshots for it.
        @Override
        String label(ZonedDateTime t) {
            return "%d-W%02d".formatted(t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
    },
    MONTHLY("monthly", Retention::monthly) {
        @Override
        String label(ZonedDateTime t) {
            return YearMonth.from(t).toString();
        }
    },
    YEARLY("yearly", Retention::yearly) {
        @Override
        String label(ZonedDateTime t) {
            return Integer.toString(t.getYear());
        }
    };

    private final String word;
    private final ToIntFunction<Retention> count;

    CalendarBucket(String word, ToIntFunction<Retention> count) {
        this.word = word;
        this.count = count;
    }

    abstract String label(ZonedDateTime t);

    String word() {
        return word;
    }

    int count(Retention retention) {
        return count.applyAsInt(retention);
    }
}
