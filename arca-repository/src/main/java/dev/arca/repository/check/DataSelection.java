package dev.arca.repository.check;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which packs a check downloads and authenticates. Slices split the packs by the first byte of their
 * name, so that running {@code 1/7} to {@code 7/7} on seven days reads every pack exactly once, and a
 * pack written later falls into a fixed slice instead of shifting the others (as restic does it).
 */
public sealed interface DataSelection {
    /** Reads no data: the structure check only. */
    record None() implements DataSelection {
        @Override
        public List<String> choose(List<String> packs) {
            return List.of();
        }
    }

    /** Reads every pack. */
    record All() implements DataSelection {
        @Override
        public List<String> choose(List<String> packs) {
            return packs;
        }
    }

    /** Slice {@code n} of {@code m}: the packs whose name's first byte modulo {@code m} is {@code n - 1}. */
    record Slice(int n, int m) implements DataSelection {
        /** A pack name's first byte has 256 values; more slices than that would leave some always empty. */
        public static final int MAX_SLICES = 256;

        public Slice {
            if (m < 1 || m > MAX_SLICES || n < 1 || n > m) {
                throw new IllegalArgumentException("read-data slice " + n + "/" + m + ": expected 1 <= n <= m <= "
                        + MAX_SLICES);
            }
        }

        @Override
        public List<String> choose(List<String> packs) {
            return packs.stream().filter(p -> HexFormat.fromHexDigits(p, 0, 2) % m == n - 1).toList();
        }
    }

    /** A random {@code percent} of the packs (rounded up, so that a small repository is still sampled). */
    record Percent(double percent, long seed) implements DataSelection {
        public Percent {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("read-data percentage " + percent + "%: expected more than 0 and at most 100");
            }
        }

        @Override
        public List<String> choose(List<String> packs) {
            List<String> shuffled = new ArrayList<>(packs);
            Collections.sort(shuffled);
            Collections.shuffle(shuffled, new Random(seed));
            List<String> chosen = new ArrayList<>(shuffled.subList(0, (int) Math.ceil(packs.size() * percent / 100)));
            Collections.sort(chosen);
            return chosen;
        }
    }

    /** The packs to read among {@code packs}, sorted by name. */
    List<String> choose(List<String> packs);

    static DataSelection none() {
        return new None();
    }

    static DataSelection all() {
        return new All();
    }

    /**
     * Parses what {@code --read-data-subset} and a plan's {@code read-data:} accept: {@code all},
     * {@code n/m} or {@code P%}. A percentage draws a new sample each time.
     */
    static DataSelection parse(String spec) {
        Matcher slice = Pattern.compile("(\\d{1,3})/(\\d{1,3})").matcher(spec);
        Matcher percent = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)%").matcher(spec);
        if (spec.equals("all")) {
            return all();
        }
        if (slice.matches()) {
            return new Slice(Integer.parseInt(slice.group(1)), Integer.parseInt(slice.group(2)));
        }
        if (percent.matches()) {
            return new Percent(Double.parseDouble(percent.group(1)), new SecureRandom().nextLong());
        }
        throw new IllegalArgumentException("read-data subset '" + spec + "': expected 'all', n/m (such as 1/7) or a "
                + "percentage (such as 10%)");
    }
}
