package dev.arca.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExcludeGlobTest {
    private static final List<String> GLOBS = List.of("*.tmp", "a?c", "[abc]x", "[!a-c]*", "[^x]y", "{foo,bar}.log",
            "file.{tar,gz}", "\\*lit", "[a-]", "x[*?]y", "/srv/*/cache", "/srv/**", "/srv/**/x.log", "**",
            "a.b+c(d)|e$", "{a,}b", "*", "?", "[0-9][0-9].txt");
    private static final List<String> SUBJECTS = List.of("x.tmp", "tmp", "a.tmp.bak", "abc", "abbc", "ax", "dx", "d",
            "zz", "xy", "yy", "foo.log", "bar.log", "baz.log", "file.tar", "file.gz", "*lit", "xlit", "]x", "a", "-",
            "x*y", "x?y", "xzy", "/srv/app/cache", "/srv/a/b/cache", "/srv/x", "/srv/a/b/x.log", "/other", "a.b+c(d)|e$",
            "b", "ab", "12.txt", "1.txt", "", "/");

    /** The JDK's glob matcher on Unix, which Arca's patterns were written against until now. */
    private static boolean jdk(String glob, String subject) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        return m.matches(Path.of(subject));
    }

    @Test
    void matchesWhatTheJdksGlobMatcherMatches() {
        for (String glob : GLOBS) {
            ExcludeGlob g = ExcludeGlob.of(glob);
            for (String subject : SUBJECTS) {
                if (subject.isEmpty() || !glob.contains("/") && subject.contains("/")) {
                    continue; // a name never holds a slash, and no entry has an empty path
                }
                // A pattern with a slash is matched against the whole path; without one, against the last name.
                String path = glob.contains("/") ? subject : "/data/" + subject;
                assertThat(g.excludes(path, false)).as("%s against %s", glob, subject).isEqualTo(jdk(glob, subject));
            }
        }
    }

    @Test
    void aClosingBracketFirstInAClassIsItself() {
        // The JDK's own matcher refuses "[]]x" with a regular-expression error of its making.
        assertThat(ExcludeGlob.of("[]]x").excludes("/data/]x", false)).isTrue();
        assertThat(ExcludeGlob.of("[]]x").excludes("/data/ax", false)).isFalse();
    }

    @Test
    void aTrailingSlashLimitsAPatternToDirectories() {
        ExcludeGlob cache = ExcludeGlob.of("cache/");
        assertThat(cache.directoriesOnly()).isTrue();
        assertThat(cache.excludes("/srv/app/cache", true)).isTrue();
        assertThat(cache.excludes("/srv/app/cache", false)).isFalse();
        assertThat(ExcludeGlob.of("/srv/app/cache/").excludes("/srv/app/cache", true)).isTrue();
        assertThat(ExcludeGlob.of("/").excludes("/", true)).as("the root alone is a whole-path pattern").isTrue();
    }

    @Test
    void eachBadPatternSaysWhatIsWrongAndWhere() {
        assertThat(ExcludeGlob.problem("cache/[a")).contains("Missing ']' at character 8");
        assertThat(ExcludeGlob.problem("{a,b")).contains("Missing '}' at character 4");
        assertThat(ExcludeGlob.problem("{a,{b}}")).contains("Cannot nest groups at character 4");
        assertThat(ExcludeGlob.problem("[a/b]")).contains("Explicit 'name separator' in class at character 3");
        assertThat(ExcludeGlob.problem("x\\")).contains("No character to escape at character 2");
        assertThat(ExcludeGlob.problem("[z-a]")).contains("Invalid range at character 3");
        assertThat(ExcludeGlob.problem(" ")).contains("it is empty");
        assertThat(ExcludeGlob.problem("*.{tmp,bak}")).isEmpty();
    }

    @Test
    void theJdkRefusesTheSamePatterns() {
        for (String bad : List.of("cache/[a", "{a,b", "{a,{b}}", "[a/b]", "x\\", "[z-a]")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileSystems.getDefault().getPathMatcher("glob:" + bad))
                    .as(bad).isInstanceOf(java.util.regex.PatternSyntaxException.class);
        }
    }
}
