package dev.arca.plan.time;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as a plan writes them: one or more whole numbers with a unit, such as {@code 500ms}, {@code 90s},
 * {@code 15m}, {@code 2h}, {@code 1h30m}, {@code 7d} or {@code 2w}.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|[smhdw]))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|[smhdw])");

    private DurationText() {
    }

    /** The duration, or empty if the text is not of the form above (or overflows). */
    public static Optional<Duration> parse(String text) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(n, 7));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /** The shortest text that {@link #parse} reads back as the same duration, e.g. {@code 1h30m}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        long days = s / 86_400;
        s %= 86_400;
        if (days > 0) {
            b.append(days).append('d');
        }
        long hours = s / 3600;
        s %= 3600;
        if (hours > 0) {
            b.append(hours).append('h');
        }
        long minutes = s / 60;
        s %= 60;
        if (minutes > 0) {
            b.append(minutes).append('m');
        }
        if (s > 0) {
            b.append(s).append('s');
        }
        if (d.toMillisPart() > 0) {
            b.append(d.toMillisPart()).append("ms");
        }
        return b.toString();
    }
}
