package dev.arca.plan.parse;

import dev.arca.plan.Check;
import dev.arca.plan.Expectation;
import dev.arca.plan.SecretRef;
import dev.arca.plan.Source;
import dev.arca.plan.Source.LogMode;
import dev.arca.plan.SystemSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the {@code systems} section: each system's tier, dependencies, sources and checks. */
final class SystemReader {
    private static final List<String> SOURCE_TYPES = List.of("files", "postgres", "mariadb", "mysql", "sqlite");
    private static final List<String> CHECK_KINDS = List.of("http", "tcp", "sql", "command");
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private final Diagnostics d;

    SystemReader(Diagnostics d) {
        this.d = d;
    }

    Optional<SystemSpec> system(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("tier", "depends-on", "description", "sources", "checks"));
            String tier = m.requiredText("tier", "the name of a tier declared under 'tiers'");
            Map<String, Source> sources = new LinkedHashMap<>();
            m.mapping("sources").ifPresent(s -> s.named().forEach((sn, node) ->
                    source(sn, node, s.join(sn)).ifPresent(v -> sources.put(sn, v))));
            List<Check> checks = new ArrayList<>();
            for (Map.Entry<String, Node> item : m.items("checks")) {
                // A check that failed to read keeps its place, so later checks' messages name the right index.
                checks.add(check(item.getValue(), item.getKey())
                        .orElse(new Check.Command("", 0, Duration.ofSeconds(1))));
            }
            return new SystemSpec(name, tier, m.words("depends-on"), m.text("description").orElse(""), sources, checks);
        });
    }

    private Optional<Source> source(String name, Node n, String at) {
        Optional<MappingReader> mr = MappingReader.of(d, at, n);
        if (mr.isEmpty()) {
            return Optional.empty();
        }
        MappingReader m = mr.get();
        Optional<String> type = m.required("type", "one of " + String.join(", ", SOURCE_TYPES))
                .flatMap(v -> m.scalar(v, m.join("type"), "one of " + String.join(", ", SOURCE_TYPES)));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return switch (type.get()) {
            case "files" -> {
                m.allow(Set.of("type", "paths", "excludes", "one-file-system", "exclude-caches"));
                List<String> paths = m.required("paths", "a list of directories such as [/srv/uploads]").isPresent()
                        ? m.words("paths") : List.of();
                yield Optional.of(new Source.Files(name, paths, m.globs("excludes"), m.bool("one-file-system", false),
                        m.bool("exclude-caches", false)));
            }
            case "postgres" -> {
                m.allow(Set.of("type", "host", "port", "user", "password", "databases", "logs"));
                yield Optional.of(new Source.Postgres(name, host(m), m.wholeNumber("port", 1, 65_535, 5432),
                        m.text("user").orElse("postgres"), password(m), m.words("databases"), logs(m)));
            }
            case "mariadb", "mysql" -> {
                m.allow(Set.of("type", "host", "port", "user", "password", "databases", "logs", "method"));
                yield Optional.of(new Source.Mariadb(name, type.get(), host(m), m.wholeNumber("port", 1, 65_535, 3306),
                        m.text("user").orElse("root"), password(m), m.words("databases"), logs(m),
                        m.choice("method", Source.Mariadb.Method.class).orElse(Source.Mariadb.Method.DUMP)));
            }
            case "sqlite" -> {
                m.allow(Set.of("type", "path"));
                yield Optional.of(new Source.Sqlite(name, m.requiredText("path", "the database file's path")));
            }
            default -> {
                d.error(m.value("type").orElseThrow(), m.join("type"), "unknown source type '" + type.get() + "'"
                        + Suggestion.hint(type.get(), SOURCE_TYPES) + " (known: " + String.join(", ", SOURCE_TYPES) + ")");
                yield Optional.empty();
            }
        };
    }

    private static String host(MappingReader m) {
        return m.requiredText("host", "the database server's host name or address");
    }

    private Optional<SecretRef> password(MappingReader m) {
        return m.value("password").flatMap(v -> SecretReader.read(d, m.join("password"), v, true));
    }

    private static LogMode logs(MappingReader m) {
        return m.choice("logs", LogMode.class).orElse(LogMode.STREAM);
    }

    private Optional<Check> check(Node n, String at) {
        Optional<MappingReader> mr = MappingReader.of(d, at, n);
        if (mr.isEmpty()) {
            return Optional.empty();
        }
        MappingReader m = mr.get();
        List<String> kinds = CHECK_KINDS.stream().filter(m::has).toList();
        if (kinds.size() != 1) {
            d.error(n, at, "expected exactly one of " + String.join(", ", CHECK_KINDS) + " in a check, got "
                    + (kinds.isEmpty() ? "none" : String.join(" and ", kinds)));
            return Optional.empty();
        }
        Duration timeout = m.duration("timeout", Duration.ofSeconds(1), MAX_TIMEOUT).orElse(Duration.ofSeconds(10));
        return switch (kinds.get(0)) {
            case "http" -> {
                m.allow(Set.of("http", "expect", "timeout"));
                yield Optional.of(new Check.Http(m.requiredText("http", "a URL"), m.wholeNumber("expect", 100, 599, 200), timeout));
            }
            case "tcp" -> {
                m.allow(Set.of("tcp", "timeout"));
                yield tcp(m, timeout);
            }
            case "sql" -> {
                m.allow(Set.of("sql", "source", "expect", "timeout"));
                String query = m.requiredText("sql", "a query returning one value");
                String raw = m.requiredText("expect", "a comparison such as '> 0' or a value");
                Optional<Expectation> e = Expectation.parse(raw);
                if (e.isEmpty() && !raw.isEmpty()) {
                    d.error(m.value("expect").orElseThrow(), m.join("expect"),
                            "expected a comparison such as '> 0', '>= 10', '= ok' or a plain value, got '" + raw + "'");
                }
                yield e.map(x -> new Check.Sql(query, m.text("source"), x));
            }
            default -> {
                m.allow(Set.of("command", "expect", "timeout"));
                yield Optional.of(new Check.Command(m.requiredText("command", "a shell command"),
                        m.wholeNumber("expect", 0, 255, 0), m.duration("timeout", Duration.ofSeconds(1), MAX_TIMEOUT)
                                .orElse(Duration.ofSeconds(60))));
            }
        };
    }

    private Optional<Check> tcp(MappingReader m, Duration timeout) {
        String target = m.requiredText("tcp", "host:port");
        int colon = target.lastIndexOf(':');
        if (colon > 0) {
            try {
                int port = Integer.parseInt(target.substring(colon + 1));
                if (port >= 1 && port <= 65_535) {
                    return Optional.of(new Check.Tcp(target.substring(0, colon), port, timeout));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        d.error(m.value("tcp").orElseThrow(), m.join("tcp"), "expected host:port with a port from 1 to 65535, got '"
                + target + "'");
        return Optional.empty();
    }
}
