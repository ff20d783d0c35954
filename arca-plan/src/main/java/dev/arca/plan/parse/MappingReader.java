package dev.arca.plan.parse;

import dev.arca.plan.ExcludeGlob;
import dev.arca.plan.time.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Typed access to one YAML mapping of the plan. Every accessor reports what is wrong through
 * {@link Diagnostics} and returns a fallback, so that reading goes on and all errors surface in
 * one run rather than one per attempt.
 */
final class MappingReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    /** An RTO or retention window longer than this is a typo, not a plan. */
    static final Duration TEN_YEARS = Duration.ofDays(3650);

    private final Diagnostics diagnostics;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private MappingReader(Diagnostics diagnostics, String path, Node node) {
        this.diagnostics = diagnostics;
        this.path = path;
        this.node = node;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null) {
                    diagnostics.error(t.getKeyNode(), path, "keys must be plain words, got " + shape(t.getKeyNode()));
                    continue;
                }
                NodeTuple first = entries.get(key);
                if (first != null) {
                    diagnostics.error(t.getKeyNode(), join(key), "duplicate key '" + key + "' (first declared at line "
                            + first.getKeyNode().getStartMark().map(mk -> mk.getLine() + 1).orElse(0)
                            + "); remove or rename one of them");
                    continue;
                }
                entries.put(key, t);
                diagnostics.place(join(key), t.getKeyNode());
            }
        }
    }

    /** A reader for {@code node}, or empty (with an error) if it is not a mapping. */
    static Optional<MappingReader> of(Diagnostics diagnostics, String path, Node node) {
        if (node instanceof MappingNode) {
            diagnostics.place(path, node);
            return Optional.of(new MappingReader(diagnostics, path, node));
        }
        diagnostics.error(node, path, "expected a mapping of key: value, got " + shape(node));
        return Optional.empty();
    }

    String path() {
        return path;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    Node node() {
        return node;
    }

    String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports keys outside {@code allowed}, suggesting the nearest allowed one. */
    MappingReader allow(Set<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                diagnostics.error(e.getValue().getKeyNode(), join(e.getKey()), "unknown key '" + e.getKey() + "'"
                        + Suggestion.hint(e.getKey(), allowed) + hintOfAllowed(allowed));
            }
        }
        return this;
    }

    private static String hintOfAllowed(Set<String> allowed) {
        return allowed.size() <= 12 ? " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")" : "";
    }

    boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    Set<String> keys() {
        return entries.keySet();
    }

    Optional<Node> value(String key) {
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(t.getValueNode());
    }

    /** The value node of a required key, or empty after reporting it missing. */
    Optional<Node> required(String key, String expected) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            diagnostics.error(node, join(key), "missing required key '" + key + "': expected " + expected);
        }
        return v;
    }

    /** Entries of a section keyed by name (systems, tiers, ...), each with a valid name. */
    Map<String, Node> named() {
        Map<String, Node> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                diagnostics.error(e.getValue().getKeyNode(), join(name), "invalid name '" + name
                        + "': use letters, digits, '-' and '_', starting with a letter or digit");
                continue;
            }
            out.put(name, e.getValue().getValueNode());
        }
        return out;
    }

    Optional<MappingReader> mapping(String key) {
        return value(key).flatMap(n -> of(diagnostics, join(key), n));
    }

    Optional<String> text(String key) {
        return value(key).flatMap(n -> scalar(n, join(key), "a text value"));
    }

    String requiredText(String key, String expected) {
        return required(key, expected).flatMap(n -> scalar(n, join(key), expected)).orElse("");
    }

    /** A whole number in [min, max], or {@code fallback} when absent. */
    int wholeNumber(String key, int min, int max, int fallback) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            return fallback;
        }
        String expected = max == Integer.MAX_VALUE ? "a whole number >= " + min : "a whole number from " + min + " to " + max;
        Optional<String> s = scalar(v.get(), join(key), expected);
        if (s.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(s.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value quoted
        }
        diagnostics.error(v.get(), join(key), "expected " + expected + ", got '" + s.get() + "'");
        return fallback;
    }

    Optional<Duration> duration(String key, Duration min, Duration max) {
        return value(key).flatMap(n -> duration(n, join(key), min, max));
    }

    Duration requiredDuration(String key, Duration min, Duration max) {
        return required(key, "a duration such as 15m").flatMap(n -> duration(n, join(key), min, max))
                .orElse(min);
    }

    Optional<Duration> duration(Node n, String at, Duration min, Duration max) {
        String expected = "a duration from " + DurationText.format(min) + " to " + DurationText.format(max)
                + " such as 90s, 15m, 2h or 7d";
        Optional<String> s = scalar(n, at, expected);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = DurationText.parse(s.get());
        if (d.isPresent() && d.get().compareTo(min) >= 0 && d.get().compareTo(max) <= 0) {
            return d;
        }
        diagnostics.error(n, at, "expected " + expected + ", got '" + s.get() + "'");
        return Optional.empty();
    }

    boolean bool(String key, boolean fallback) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            return fallback;
        }
        Optional<String> s = scalar(v.get(), join(key), "true or false");
        if (s.isPresent() && (s.get().equals("true") || s.get().equals("false"))) {
            return Boolean.parseBoolean(s.get());
        }
        s.ifPresent(x -> diagnostics.error(v.get(), join(key), "expected true or false, got '" + x + "'"));
        return fallback;
    }

    /** One word of a fixed set, matched without case, as an enum constant. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        return value(key).flatMap(n -> choice(n, join(key), type));
    }

    <E extends Enum<E>> Optional<E> choice(Node n, String at, Class<E> type) {
        List<String> words = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            words.add(e.name().toLowerCase(Locale.ROOT));
        }
        String expected = "one of " + String.join(", ", words);
        Optional<String> s = scalar(n, at, expected);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String w = s.get().strip().toLowerCase(Locale.ROOT);
        int i = words.indexOf(w);
        if (i >= 0) {
            return Optional.of(type.getEnumConstants()[i]);
        }
        diagnostics.error(n, at, "expected " + expected + ", got '" + s.get() + "'" + Suggestion.hint(w, words));
        return Optional.empty();
    }

    /** A list of words; a single word is accepted as a list of one. */
    List<String> words(String key) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            return List.of();
        }
        return words(v.get(), join(key));
    }

    List<String> words(Node n, String at) {
        if (n instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        List<String> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            int i = 0;
            for (Node item : seq.getValue()) {
                scalar(item, at + "[" + i++ + "]", "a text value").ifPresent(out::add);
            }
            return out;
        }
        diagnostics.error(n, at, "expected a list such as [a, b], got " + shape(n));
        return out;
    }

    /** A list of exclude patterns, as {@link #words}, each checked where it is written ({@link ExcludeGlob}). */
    List<String> globs(String key) {
        Optional<Node> v = value(key);
        if (v.isEmpty() || !(v.get() instanceof SequenceNode || v.get() instanceof ScalarNode)) {
            return v.map(n -> words(n, join(key))).orElse(List.of()); // reports what the value should be
        }
        boolean list = v.get() instanceof SequenceNode;
        List<Node> nodes = list ? ((SequenceNode) v.get()).getValue() : List.of(v.get());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            String at = list ? join(key) + "[" + i + "]" : join(key);
            scalar(n, at, "a text value").ifPresent(word -> ExcludeGlob.problem(word).ifPresentOrElse(
                    problem -> diagnostics.error(n, at, "expected a glob such as " + ExcludeGlob.EXAMPLES + ", got '"
                            + word + "': " + problem),
                    () -> out.add(word)));
        }
        return out;
    }

    /** The items of a list value, each with its indexed path. */
    List<Map.Entry<String, Node>> items(String key) {
        Optional<Node> v = value(key);
        List<Map.Entry<String, Node>> out = new ArrayList<>();
        if (v.isEmpty()) {
            return out;
        }
        if (v.get() instanceof SequenceNode seq) {
            int i = 0;
            for (Node item : seq.getValue()) {
                String at = join(key) + "[" + i++ + "]";
                diagnostics.place(at, item);
                out.add(Map.entry(at, item));
            }
        } else {
            diagnostics.error(v.get(), join(key), "expected a list (lines starting with '- '), got " + shape(v.get()));
        }
        return out;
    }

    Optional<String> scalar(Node n, String at, String expected) {
        if (n instanceof ScalarNode s && !isNull(n)) {
            return Optional.of(s.getValue());
        }
        diagnostics.error(n, at, "expected " + expected + ", got " + shape(n));
        return Optional.empty();
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** How a value is described in messages: scalars are quoted, structures named. */
    static String shape(Node n) {
        if (isNull(n)) {
            return "nothing";
        }
        if (n instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        return n instanceof SequenceNode ? "a list" : "a mapping";
    }
}
