package dev.arca.protect.backup;

import dev.arca.plan.ExcludeGlob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A backup's exclude patterns ({@link ExcludeGlob} defines them), applied to the entries of a walk. */
public final class Excludes {
    private final List<ExcludeGlob> globs = new ArrayList<>();

    /**
     * @throws java.util.regex.PatternSyntaxException if a pattern is not a valid glob
     * @throws IllegalArgumentException if a pattern is empty
     */
    public Excludes(List<String> patterns) {
        for (String p : patterns) {
            globs.add(ExcludeGlob.of(p));
        }
    }

    /** Whether a rule applies to directories only: only then must a caller find out each entry's type. */
    public boolean dependsOnType() {
        return globs.stream().anyMatch(ExcludeGlob::directoriesOnly);
    }

    public boolean excludes(Path absolute, boolean directory) {
        String path = absolute.toString();
        for (ExcludeGlob g : globs) {
            if (g.excludes(path, directory)) {
                return true;
            }
        }
        return false;
    }
}
