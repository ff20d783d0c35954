package dev.arca.plan.parse;

import dev.arca.plan.Channel;
import dev.arca.plan.Contact;
import dev.arca.plan.EscalationLevel;
import dev.arca.plan.Schedule;
import dev.arca.plan.Scope;
import dev.arca.plan.time.CronExpression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads the operational sections: schedules, contacts, escalation and notification channels. */
final class OperationsReader {
    private static final List<String> ACTIONS = List.of("backup", "copy", "verify", "prune", "drill");
    private static final List<String> CHANNEL_TYPES = List.of("email", "webhook", "sms", "command");
    private static final Pattern READ_DATA = Pattern.compile("(100|[1-9][0-9]?)%|[1-9][0-9]*/[1-9][0-9]*");

    private final Diagnostics d;
    private final String defaultRepository;

    /** @param defaultRepository where backups go and copies come from unless a schedule says otherwise */
    OperationsReader(Diagnostics d, String defaultRepository) {
        this.d = d;
        this.defaultRepository = defaultRepository;
    }

    List<Schedule> schedules(MappingReader top) {
        List<Schedule> out = new ArrayList<>();
        for (Map.Entry<String, Node> item : top.items("schedules")) {
            // A schedule that failed to read keeps its place, so later schedules' messages name the right index.
            out.add(MappingReader.of(d, item.getKey(), item.getValue()).flatMap(this::schedule)
                    .orElse(new Schedule(CronExpression.parse("@daily"), new Schedule.Prune(List.of()))));
        }
        return out;
    }

    private Optional<Schedule> schedule(MappingReader m) {
        Optional<CronExpression> cron = m.required("cron", "a 5-field cron expression such as '0 2 * * *'")
                .flatMap(n -> cron(m, n));
        Optional<String> action = m.required("do", "one of " + String.join(", ", ACTIONS))
                .flatMap(n -> m.scalar(n, m.join("do"), "one of " + String.join(", ", ACTIONS)));
        if (action.isEmpty()) {
            return Optional.empty();
        }
        Optional<Schedule.Job> job = switch (action.get()) {
            case "backup" -> {
                m.allow(Set.of("cron", "do", "systems", "to"));
                yield Optional.of(new Schedule.Backup(scope(m), m.text("to").orElse(defaultRepository)));
            }
            case "copy" -> {
                m.allow(Set.of("cron", "do", "systems", "from", "to"));
                if (!m.has("to")) {
                    m.required("to", "a list of repositories to copy to, such as [dr-site, cloud]");
                }
                yield Optional.of(new Schedule.Copy(scope(m), m.text("from").orElse(defaultRepository), m.words("to")));
            }
            case "verify" -> {
                m.allow(Set.of("cron", "do", "repositories", "read-data"));
                yield Optional.of(new Schedule.Verify(m.words("repositories"), readData(m)));
            }
            case "prune" -> {
                m.allow(Set.of("cron", "do", "repositories"));
                yield Optional.of(new Schedule.Prune(m.words("repositories")));
            }
            case "drill" -> {
                m.allow(Set.of("cron", "do", "drill"));
                yield Optional.of(new Schedule.RunDrill(m.requiredText("drill", "the name of a drill under 'drills'")));
            }
            default -> {
                d.error(m.value("do").orElseThrow(), m.join("do"), "unknown action '" + action.get() + "'"
                        + Suggestion.hint(action.get(), ACTIONS) + " (known: " + String.join(", ", ACTIONS) + ")");
                yield Optional.empty();
            }
        };
        return cron.flatMap(c -> job.map(j -> new Schedule(c, j)));
    }

    private Optional<CronExpression> cron(MappingReader m, Node n) {
        return m.scalar(n, m.join("cron"), "a cron expression").flatMap(text -> {
            try {
                return Optional.of(CronExpression.parse(text));
            } catch (IllegalArgumentException e) {
                d.error(n, m.join("cron"), "invalid cron expression '" + text + "': " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static Scope scope(MappingReader m) {
        Optional<Node> v = m.value("systems");
        if (v.isEmpty() || (v.get() instanceof ScalarNode s && s.getValue().equals("all"))) {
            return Scope.ALL;
        }
        return Scope.of(m.words("systems"));
    }

    private Optional<String> readData(MappingReader m) {
        Optional<String> v = m.text("read-data");
        if (v.isPresent() && !READ_DATA.matcher(v.get()).matches()) {
            d.error(m.value("read-data").orElseThrow(), m.join("read-data"),
                    "expected a percentage such as 10% or a slice such as 1/7, got '" + v.get() + "'");
            return Optional.empty();
        }
        return v;
    }

    Optional<Contact> contact(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("role", "email", "phone", "vendor"));
            if (!m.has("email") && !m.has("phone")) {
                d.error(n, at, "a contact needs an email or a phone, got neither");
            }
            return new Contact(name, m.text("role").orElse(""), m.text("email"), m.text("phone"), m.text("vendor"));
        });
    }

    List<EscalationLevel> escalation(MappingReader top) {
        List<EscalationLevel> out = new ArrayList<>();
        for (Map.Entry<String, Node> item : top.items("escalation")) {
            MappingReader.of(d, item.getKey(), item.getValue()).ifPresent(m -> {
                m.allow(Set.of("after", "notify", "via"));
                Duration after = m.required("after", "a delay such as 0m or 30m")
                        .flatMap(v -> m.duration(v, m.join("after"), Duration.ZERO, Duration.ofDays(7)))
                        .orElse(Duration.ZERO);
                if (!m.has("notify")) {
                    m.required("notify", "a list of contacts such as [it-lead, sysadmin]");
                }
                out.add(new EscalationLevel(after, m.words("notify"), m.words("via")));
            });
        }
        return out;
    }

    Optional<Channel> channel(String name, Node n, String at) {
        Optional<MappingReader> mr = MappingReader.of(d, at, n);
        if (mr.isEmpty()) {
            return Optional.empty();
        }
        MappingReader m = mr.get();
        String type = m.requiredText("type", "one of " + String.join(", ", CHANNEL_TYPES));
        return switch (type) {
            case "email" -> {
                m.allow(Set.of("type", "smtp", "from", "user", "password"));
                yield Optional.of(new Channel.Email(name, m.requiredText("smtp", "smtp://host:port or smtps://host:port"),
                        m.requiredText("from", "the sender address"), m.text("user"),
                        m.value("password").flatMap(v -> SecretReader.read(d, m.join("password"), v, true))));
            }
            case "webhook" -> {
                m.allow(Set.of("type", "url", "slack"));
                yield Optional.of(new Channel.Webhook(name, m.requiredText("url", "an http(s) URL"), m.bool("slack", false)));
            }
            case "sms" -> {
                m.allow(Set.of("type", "gateway", "token"));
                yield Optional.of(new Channel.Sms(name, m.requiredText("gateway", "the SMS gateway's http(s) URL"),
                        m.value("token").flatMap(v -> SecretReader.read(d, m.join("token"), v, true))));
            }
            case "command" -> {
                m.allow(Set.of("type", "command"));
                yield Optional.of(new Channel.Command(name, m.requiredText("command", "a shell command")));
            }
            case "" -> Optional.empty();
            default -> {
                d.error(m.value("type").orElseThrow(), m.join("type"), "unknown channel type '" + type + "'"
                        + Suggestion.hint(type, CHANNEL_TYPES) + " (known: " + String.join(", ", CHANNEL_TYPES) + ")");
                yield Optional.empty();
            }
        };
    }
}
