package dev.arca.protect.backup;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Exclude patterns, restic style: a glob without a slash matches a file or directory name anywhere
 * ({@code *.tmp}); one with a slash matches the whole absolute path ({@code /srv/app/cache/**});
 * a trailing slash limits a pattern to directories ({@code cache/}).
 */
public final class Excludes {
    private record Rule(PathMatcher matcher, boolean byName, boolean dirsOnly) {
    }

    private final List<Rule> rules = new ArrayList<>();

    public Excludes(List<String> patterns) {
        for (String p : patterns) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("exclude pattern is empty");
            }
            boolean dirsOnly = p.endsWith("/") && p.length() > 1;
            String glob = dirsOnly ? p.substring(0, p.length() - 1) : p;
            boolean byName = !glob.contains("/");
            rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + glob), byName, dirsOnly));
        }
    }

    /** Whether a rule applies to directories only: only then must a caller find out each entry's type. */
    public boolean dependsOnType() {
        return rules.stream().anyMatch(Rule::dirsOnly);
    }

    public boolean excludes(Path absolute, boolean directory) {
        for (Rule r : rules) {
            if (r.dirsOnly() && !directory) {
                continue;
            }
            Path subject = r.byName() ? absolute.getFileName() : absolute;
            if (subject != null && r.matcher().matches(subject)) {
                return true;
            }
        }
        return false;
    }
}
