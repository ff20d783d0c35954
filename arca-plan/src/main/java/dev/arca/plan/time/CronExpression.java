package dev.arca.plan.time;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week) as crontab(5) reads
 * it: lists, ranges, steps, month and weekday names ({@code JAN}, {@code SUN}), 0 or 7 for Sunday,
 * and the shorthands {@code @hourly @daily @weekly @monthly @yearly}. When both day fields are
 * restricted, a day matches if either does, as in Vixie cron.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** Years to search before deciding an expression never fires (e.g. 30 FEB). */
    private static final int HORIZON_YEARS = 8;

    private final String text;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, long[] fields, boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /**
     * Reads an expression.
     *
     * @throws IllegalArgumentException with a message naming the bad field and value, such as
     *     {@code hour field '25' is out of range 0-23}
     */
    public static CronExpression parse(String text) {
        String t = text.strip();
        String expanded = MACROS.getOrDefault(t.toLowerCase(Locale.ROOT), t);
        String[] parts = expanded.split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week), got "
                    + parts.length);
        }
        long[] fields = new long[5];
        fields[0] = new CronField("minute", 0, 59, null).parse(parts[0]);
        fields[1] = new CronField("hour", 0, 23, null).parse(parts[1]);
        fields[2] = new CronField("day-of-month", 1, 31, null).parse(parts[2]);
        fields[3] = new CronField("month", 1, 12, MONTHS).parse(parts[3]);
        long dow = new CronField("day-of-week", 0, 7, DAYS).parse(parts[4]);
        if ((dow & (1L << 7)) != 0) {
            dow |= 1L; // 7 is Sunday too
        }
        fields[4] = dow & 0x7F;
        return new CronExpression(t, fields, !parts[2].equals("*"), !parts[4].equals("*"));
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** The first firing strictly after {@code after}, in that instant's zone; throws if it never fires. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(HORIZON_YEARS);
        while (t.isBefore(limit)) {
            if (!has(months, t.getMonthValue())) {
                t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.withHour(0).withMinute(0).plusDays(1);
            } else if (!has(hours, t.getHour())) {
                t = t.withMinute(0).plusHours(1);
            } else if (!has(minutes, t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                ZonedDateTime z = t.atZone(zone);
                if (z.isAfter(after)) {
                    return z;
                }
                t = t.plusMinutes(1);
            }
        }
        throw new IllegalStateException("cron '" + text + "' never fires");
    }

    /** Whether the expression fires at all (a day such as 31 FEB never comes). */
    public boolean firesEver(ZonedDateTime from) {
        try {
            next(from);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = has(daysOfMonth, t.getDayOfMonth());
        DayOfWeek d = t.getDayOfWeek();
        boolean dow = has(daysOfWeek, d.getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static boolean has(long set, int value) {
        return (set & (1L << value)) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
