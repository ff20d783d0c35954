package dev.arca.cli;

import dev.arca.plan.ExcludeGlob;
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

    /** The patterns given on the command line, then those of each file in order. */
    static List<String> patterns(List<String> given, List<Path> files) {
        List<String> patterns = new ArrayList<>();
        for (String p : given) {
            check(p, "--exclude");
            patterns.add(p);
        }
        for (Path file : files) {
            for (ListFile.Entry e : ListFile.read(file, "--exclude-file", "exclude file")) {
                if (!e.exact()) {
                    throw new CliException(ExitCode.USAGE, file + ":" + e.line() + ": exclude pattern '" + e.text()
                            + "' is not valid UTF-8", "patterns match names as UTF-8 text; save the file as UTF-8");
                }
                check(e.text(), file + ":" + e.line());
                patterns.add(e.text());
            }
        }
        return patterns;
    }

    private static void check(String pattern, String where) {
        ExcludeGlob.problem(pattern).ifPresent(problem -> {
            throw new CliException(ExitCode.USAGE, where + ": exclude pattern '" + pattern + "' is not valid: " + problem,
                    "patterns are globs: *.tmp matches a name anywhere, /srv/cache/** a whole path, cache/ directories only");
        });
    }
}
