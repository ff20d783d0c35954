package dev.arca.plan.time;

import java.util.Locale;

/** One field of a cron expression, parsed into a bit set of allowed values. */
record CronField(String name, int min, int max, String[] names) {

    long parse(String text) {
        long set = 0;
        for (String item : text.split(",", -1)) {
            set |= parseItem(item);
        }
        return set;
    }

    private long parseItem(String item) {
        if (item.isEmpty()) {
            throw bad(item, "an empty list item");
        }
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(item.substring(slash + 1), item);
            if (step < 1) {
                throw bad(item, "a step below 1");
            }
        }
        int lo;
        int hi;
        if (range.equals("*")) {
            lo = min;
            hi = max;
        } else {
            int dash = range.indexOf('-');
            if (dash > 0) {
                lo = value(range.substring(0, dash), item);
                hi = value(range.substring(dash + 1), item);
                if (hi < lo) {
                    throw bad(item, "a range that runs backwards");
                }
            } else {
                lo = value(range, item);
                hi = slash >= 0 ? max : lo;
            }
        }
        long set = 0;
        for (int v = lo; v <= hi; v += step) {
            set |= 1L << v;
        }
        return set;
    }

    private int value(String text, String item) {
        if (names != null) {
            String upper = text.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(upper)) {
                    return i + min;
                }
            }
        }
        int v = number(text, item);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " field '" + item + "' is out of range " + min + "-" + max);
        }
        return v;
    }

    private int number(String text, String item) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            String hint = names == null ? "a number" : "a number or a name such as " + names[0];
            throw new IllegalArgumentException(name + " field '" + item + "' is not " + hint);
        }
    }

    private IllegalArgumentException bad(String item, String what) {
        return new IllegalArgumentException(name + " field '" + item + "' has " + what);
    }
}
