package dev.arca.cli;

import dev.arca.plan.ExcludeGlob;
import dev.arca.repository.tree.RawText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exclude patterns from {@code --exclude} and {@code --exclude-file}, each checked before the backup
 * starts, so that a bad pattern is reported where it was written rather than after the repository is
 * locked.
 */
final class ExcludePatterns {
    private ExcludePatterns() {
    }

    /**
     * The patterns given on the command line, then those of each file in order. A pattern holding bytes that
     * are not UTF-8 (typed, or in a file) is kept as those bytes ({@link RawText#matchable}), and matches names
     * with those bytes only.
     */
    static List<String> patterns(List<String> given, List<Path> files) {
        List<String> patterns = new ArrayList<>();
        for (String p : ArgumentBytes.matchable(given)) {
            check(p, "--exclude");
            patterns.add(p);
        }
        for (Path file : files) {
            for (ListFile.Entry e : ListFile.read(file, "--exclude-file", "exclude file")) {
                String p = RawText.matchable(e.bytes());
                check(p, file + ":" + e.line());
                patterns.add(p);
            }
        }
        return patterns;
    }

    private static void check(String pattern, String where) {
        ExcludeGlob.problem(pattern).ifPresent(problem -> {
            throw new CliException(ExitCode.USAGE, where + ": exclude pattern '" + RawText.shownMatchable(pattern)
                    + "' is not valid: " + problem,
                    "patterns are globs: *.tmp matches a name anywhere, /srv/cache/** a whole path, cache/ directories only");
        });
    }
}
