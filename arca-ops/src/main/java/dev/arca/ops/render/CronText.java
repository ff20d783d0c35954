package dev.arca.ops.render;

import dev.arca.plan.time.CronExpression;
import java.util.Locale;
import java.util.Map;

/**
 * Says a cron expression in words for the common shapes a DR plan uses ({@code every 5 minutes},
 * {@code daily at 02:00}, {@code Sundays at 05:00}, {@code day 1 of every 3rd month at 03:00});
 * anything else is shown as the expression itself, which is exact.
 */
final class CronText {
    private static final Map<String, String> DAYS = Map.of("0", "Sundays", "7", "Sundays", "SUN", "Sundays", "1", "Mondays",
            "MON", "Mondays", "6", "Saturdays", "SAT", "Saturdays", "5", "Fridays", "FRI", "Fridays");

    private CronText() {
    }

    static String describe(CronExpression cron) {
        String[] f = cron.text().split("\\s+");
        if (f.length != 5) {
            return cron.text();
        }
        String minute = f[0];
        String hour = f[1];
        String dom = f[2];
        String month = f[3];
        String dow = f[4].toUpperCase(Locale.ROOT);
        boolean everyDay = dom.equals("*") && month.equals("*") && dow.equals("*");
        if (everyDay && hour.equals("*") && minute.startsWith("*/")) {
            return "every " + minute.substring(2) + " minutes";
        }
        if (everyDay && hour.equals("*") && isNumber(minute)) {
            return "hourly at minute " + minute;
        }
        if (!isNumber(minute)) {
            return "cron " + cron.text();
        }
        if (everyDay && hour.startsWith("*/")) {
            return "every " + hour.substring(2) + " hours at minute " + minute;
        }
        if (!isNumber(hour)) {
            return "cron " + cron.text();
        }
        String at = String.format("%02d:%02d", Integer.parseInt(hour), Integer.parseInt(minute));
        if (everyDay) {
            return "daily at " + at;
        }
        if (dom.equals("*") && month.equals("*") && DAYS.containsKey(dow)) {
            return DAYS.get(dow) + " at " + at;
        }
        if (dow.equals("*") && isNumber(dom) && month.equals("*")) {
            return "day " + dom + " of every month at " + at;
        }
        if (dow.equals("*") && isNumber(dom) && month.startsWith("*/")) {
            return "day " + dom + " of every " + ordinal(month.substring(2)) + " month at " + at;
        }
        return "cron " + cron.text();
    }

    private static boolean isNumber(String s) {
        return s.chars().allMatch(Character::isDigit) && !s.isEmpty();
    }

    private static String ordinal(String n) {
        return switch (n) {
            case "2" -> "2nd";
            case "3" -> "3rd";
            default -> n + "th";
        };
    }
}
