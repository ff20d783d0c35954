package dev.arca.protect.backup;

import dev.arca.plan.ExcludeGlob;
import dev.arca.protect.names.NameBytes;
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

    /**
     * Whether a rule excludes the entry at {@code absolute}; patterns that hold bytes that are not UTF-8 are
     * given as {@link dev.arca.repository.tree.RawText#matchable} text, as the path is matched.
     */
    public boolean excludes(Path absolute, boolean directory) {
        String path = NameBytes.matchable(absolute);
        for (ExcludeGlob g : globs) {
            if (g.excludes(path, directory)) {
                return true;
            }
        }
        return false;
    }
}
