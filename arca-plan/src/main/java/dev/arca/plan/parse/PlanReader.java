package dev.arca.plan.parse;

import dev.arca.plan.Media;
import dev.arca.plan.Plan;
import dev.arca.plan.RepositorySpec;
import dev.arca.plan.Retention;
import dev.arca.plan.SecretRef;
import dev.arca.plan.Site;
import dev.arca.plan.Tier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the top level of a plan and its small sections; larger sections have readers of their own. */
final class PlanReader {
    static final Set<String> TOP = Set.of("version", "tiers", "repositories", "secrets", "systems", "schedules",
            "retention", "contacts", "escalation", "notifications", "scenarios", "runbooks", "drills");
    private static final Set<String> RETENTION = Set.of("last", "hourly", "daily", "weekly", "monthly", "yearly",
            "within", "logs");
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final Diagnostics d;

    PlanReader(Diagnostics d) {
        this.d = d;
    }

    Optional<Plan> read(Node root) {
        Optional<MappingReader> top = MappingReader.of(d, "", root);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        MappingReader r = top.get().allow(TOP);
        int version = readVersion(r);
        Map<String, Tier> tiers = section(r, "tiers", this::tier);
        if (!r.has("tiers")) {
            r.required("tiers", "at least one tier such as mission-critical: {rto: 15m, rpo: 5m, priority: 1}");
        }
        Map<String, RepositorySpec> repositories = section(r, "repositories", this::repository);
        Map<String, SecretRef> secrets = section(r, "secrets", (name, n, at) -> SecretReader.read(d, at, n, false));
        SystemReader systems = new SystemReader(d);
        OperationsReader ops = new OperationsReader(d, defaultRepository(repositories));
        RunbookReader runbooks = new RunbookReader(d);
        Retention retention = r.mapping("retention").map(this::retention).orElse(Retention.KEEP_ALL);
        return Optional.of(new Plan(
                version,
                tiers,
                repositories,
                secrets,
                section(r, "systems", systems::system),
                ops.schedules(r),
                retention,
                section(r, "contacts", ops::contact),
                ops.escalation(r),
                section(r, "notifications", ops::channel),
                section(r, "scenarios", runbooks::scenario),
                section(r, "runbooks", runbooks::runbook),
                section(r, "drills", runbooks::drill)));
    }

    /** Reads one entry of a named section. */
    @FunctionalInterface
    interface EntryReader<T> {
        Optional<T> read(String name, Node node, String path);
    }

    <T> Map<String, T> section(MappingReader r, String key, EntryReader<T> reader) {
        Map<String, T> out = new LinkedHashMap<>();
        r.mapping(key).ifPresent(m -> m.named().forEach((name, node) ->
                reader.read(name, node, m.join(name)).ifPresent(v -> out.put(name, v))));
        return out;
    }

    private int readVersion(MappingReader r) {
        if (r.required("version", "1 (the plan format version)").isEmpty()) {
            return 1;
        }
        return r.wholeNumber("version", 1, 1, 1);
    }

    private Optional<Tier> tier(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("rto", "rpo", "priority", "description"));
            Duration rto = m.requiredDuration("rto", ONE_SECOND, MappingReader.TEN_YEARS);
            Duration rpo = m.requiredDuration("rpo", ONE_SECOND, MappingReader.TEN_YEARS);
            if (!m.has("priority")) {
                m.required("priority", "a whole number, 1 for the first to recover");
            }
            int priority = m.wholeNumber("priority", 1, 100, 1);
            return new Tier(name, rto, rpo, priority);
        });
    }

    private Optional<RepositorySpec> repository(String name, Node n, String at) {
        return MappingReader.of(d, at, n).map(m -> {
            m.allow(Set.of("url", "site", "media", "immutable-days", "storage-class", "retention"));
            String url = m.requiredText("url", "a location such as file:///backup/arca, sftp://user@host/path or s3://bucket/prefix");
            if (!url.isEmpty() && !url.startsWith("/") && !url.matches("[a-z][a-z0-9+.-]*:.*")) {
                d.error(m.value("url").orElseThrow(), m.join("url"), "expected an absolute path or a URL such as "
                        + "file:///backup/arca, sftp://user@host/path or s3://bucket/prefix, got '" + url + "'");
            }
            Site site = m.required("site", "one of primary, dr, cloud").flatMap(v -> m.choice(v, m.join("site"), Site.class))
                    .orElse(Site.PRIMARY);
            Media media = m.required("media", "one of disk, object, tape")
                    .flatMap(v -> m.choice(v, m.join("media"), Media.class)).orElse(Media.DISK);
            int immutable = m.wholeNumber("immutable-days", 0, 36_500, 0);
            Optional<Retention> retention = m.mapping("retention").map(this::retention);
            return new RepositorySpec(name, url, site, media, immutable, m.text("storage-class"), retention);
        });
    }

    Retention retention(MappingReader m) {
        m.allow(RETENTION);
        return new Retention(
                m.wholeNumber("last", 0, Integer.MAX_VALUE, 0),
                m.wholeNumber("hourly", 0, Integer.MAX_VALUE, 0),
                m.wholeNumber("daily", 0, Integer.MAX_VALUE, 0),
                m.wholeNumber("weekly", 0, Integer.MAX_VALUE, 0),
                m.wholeNumber("monthly", 0, Integer.MAX_VALUE, 0),
                m.wholeNumber("yearly", 0, Integer.MAX_VALUE, 0),
                m.duration("within", ONE_SECOND, MappingReader.TEN_YEARS),
                m.duration("logs", ONE_SECOND, MappingReader.TEN_YEARS));
    }

    /** The first primary-site repository, else the first declared: where backups land by default. */
    private static String defaultRepository(Map<String, RepositorySpec> repositories) {
        return repositories.values().stream().filter(r -> r.site() == Site.PRIMARY).findFirst()
                .or(() -> repositories.values().stream().findFirst()).map(RepositorySpec::name).orElse("");
    }
}
