package dev.arca.plan;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Exclude patterns, restic style: a glob without a slash matches a name anywhere ({@code *.tmp}), one
 * with a slash a whole absolute path ({@code /srv/app/cache/**}), and a trailing slash limits it to
 * directories ({@code cache/}). The glob syntax is the JDK's {@code PathMatcher} one on Unix, which
 * Arca used before (ExcludeGlobTest compares the two): {@code *} within a name, {@code **} across
 * names, {@code ?} one character, {@code [a-z]} and {@code [!a-z]} classes (a {@code ^} in one is
 * itself), {@code {a,b}} alternatives (not nested), and {@code \} escapes the next character.
 *
 * <p>It lives in the plan layer, as the one definition of a pattern, so that a plan, the command line and
 * an exclude file are all checked where they are written. It compiles to a regular expression and
 * needs no file system, which the plan layer must not touch.
 */
public final class ExcludeGlob {
    /** What a pattern should look like, for messages. */
    public static final String EXAMPLES = "*.tmp, /srv/app/cache/** or cache/";
    private static final String REGEX_META = "\\^$.|?*+()[]{}";

    private final Pattern regex;
    private final boolean byName;
    private final boolean directoriesOnly;

    private ExcludeGlob(Pattern regex, boolean byName, boolean directoriesOnly) {
        this.regex = regex;
        this.byName = byName;
        this.directoriesOnly = directoriesOnly;
    }

    /**
     * Compiles a pattern.
     *
     * @throws PatternSyntaxException if it is not a valid glob (its description and index say where)
     * @throws IllegalArgumentException if it is empty
     */
    public static ExcludeGlob of(String pattern) {
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("exclude pattern is empty");
        }
        boolean directoriesOnly = pattern.endsWith("/") && pattern.length() > 1;
        String glob = directoriesOnly ? pattern.substring(0, pattern.length() - 1) : pattern;
        return new ExcludeGlob(Pattern.compile(regex(glob)), !glob.contains("/"), directoriesOnly);
    }

    /** What is wrong with {@code pattern}, or empty if it is a valid exclude pattern. */
    public static Optional<String> problem(String pattern) {
        if (pattern.isBlank()) {
            return Optional.of("it is empty");
        }
        try {
            of(pattern);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(e.getDescription() + " at character " + (e.getIndex() + 1));
        }
    }

    /** Whether the pattern applies to directories only (it ended in a slash). */
    public boolean directoriesOnly() {
        return directoriesOnly;
    }

    /**
     * Whether the entry at {@code absolutePath} (a directory if {@code directory}) is excluded: a pattern
     * without a slash is matched against the last name of the path, any other against the whole path.
     */
    public boolean excludes(String absolutePath, boolean directory) {
        if (directoriesOnly && !directory) {
            return false;
        }
        String subject = byName ? absolutePath.substring(absolutePath.lastIndexOf('/') + 1) : absolutePath;
        return !subject.isEmpty() && regex.matcher(subject).matches();
    }

    /** The glob as a regular expression; a name never matches across a slash except through {@code **}. */
    static String regex(String glob) {
        StringBuilder re = new StringBuilder("^");
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 == glob.length()) {
                        throw new PatternSyntaxException("No character to escape", glob, i);
                    }
                    literal(re, glob.charAt(++i));
                }
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        re.append(".*");
                        i++;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> i = characterClass(glob, i, re);
                case '{' -> {
                    if (inGroup) {
                        throw new PatternSyntaxException("Cannot nest groups", glob, i);
                    }
                    re.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        re.append("))");
                        inGroup = false;
                    } else {
                        literal(re, c);
                    }
                }
                case ',' -> {
                    if (inGroup) {
                        re.append(")|(?:");
                    } else {
                        literal(re, c);
                    }
                }
                default -> literal(re, c);
            }
        }
        if (inGroup) {
            throw new PatternSyntaxException("Missing '}'", glob, glob.length() - 1);
        }
        return re.append('$').toString();
    }

    /** Translates the class that opens at {@code open}; returns the index of its closing bracket. */
    private static int characterClass(String glob, int open, StringBuilder re) {
        re.append("[[^/]&&[");
        int i = open + 1;
        if (i < glob.length() && glob.charAt(i) == '!') {
            re.append('^');
            i++;
        }
        boolean first = true;
        char last = 0;
        for (; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == ']' && !first) {
                re.append("]]");
                return i;
            }
            if (c == '/') {
                throw new PatternSyntaxException("Explicit 'name separator' in class", glob, i);
            }
            if (c == '-' && !first && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                char to = glob.charAt(i + 1) == '\\' && i + 2 < glob.length() ? glob.charAt(i + 2) : glob.charAt(i + 1);
                if (to < last) {
                    throw new PatternSyntaxException("Invalid range", glob, i);
                }
                re.append('-');
                continue;
            }
            if (c == '\\') {
                if (i + 1 == glob.length()) {
                    break;
                }
                c = glob.charAt(++i);
            }
            classMember(re, c);
            last = c;
            first = false;
        }
        throw new PatternSyntaxException("Missing ']'", glob, glob.length() - 1);
    }

    /** A character inside a class: letters and digits as they are (a backslash before one is an error), the rest escaped. */
    private static void classMember(StringBuilder re, char c) {
        if (!Character.isLetterOrDigit(c)) {
            re.append('\\');
        }
        re.append(c);
    }

    private static void literal(StringBuilder re, char c) {
        if (REGEX_META.indexOf(c) >= 0) {
            re.append('\\');
        }
        re.append(c);
    }
}
