package dev.arca.plan;

import java.nio.file.FileSystems;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/**
 * The syntax of an exclude pattern, restic style: a glob without a slash matches a name anywhere
 * ({@code *.tmp}), one with a slash a whole absolute path ({@code /srv/app/cache/**}), and a trailing
 * slash limits it to directories ({@code cache/}). Checked wherever patterns are written (a plan, the
 * command line, an exclude file), so that a bad one is reported there and not once a backup runs.
 */
public final class ExcludeGlob {
    /** What a pattern should look like, for messages. */
    public static final String EXAMPLES = "*.tmp, /srv/app/cache/** or cache/";

    private ExcludeGlob() {
    }

    /** What is wrong with {@code pattern}, or empty if it is a valid exclude pattern. */
    public static Optional<String> problem(String pattern) {
        if (pattern.isBlank()) {
            return Optional.of("it is empty");
        }
        String glob = pattern.endsWith("/") && pattern.length() > 1 ? pattern.substring(0, pattern.length() - 1) : pattern;
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            // The JDK's own message spans three lines (the pattern, then a caret under the position), and its
            // descriptions leave a quote open ("Missing ']").
            String description = e.getDescription();
            if (description.chars().filter(c -> c == '\'').count() % 2 == 1) {
                description += "'";
            }
            return Optional.of(description + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
    }
}
