package dev.arca.cli;

import dev.arca.plan.Plan;
import dev.arca.plan.RepositorySpec;
import dev.arca.plan.Site;
import dev.arca.plan.SecretRef;
import dev.arca.plan.Source;
import dev.arca.plan.SystemSpec;
import dev.arca.plan.parse.ParsedPlan;
import dev.arca.protect.mariadb.MariadbSource;
import dev.arca.protect.postgres.PostgresSource;
import dev.arca.protect.source.DatabaseSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated plan as the commands that execute it need it: which repository to use, which sources a
 * {@code --system}/{@code --source} selection means, their secrets, and the database sources to drive.
 */
final class PlanContext {
    /** One source of one system, with the name its snapshots and logs are stored under. */
    record Selected(String system, String name, Source spec) {
        String stream() {
            return system + "/" + name;
        }
    }

    private final Path file;
    private final Plan plan;
    private final Map<String, String> env;

    private PlanContext(Path file, Plan plan, Map<String, String> env) {
        this.file = file;
        this.plan = plan;
        this.env = env;
    }

    static PlanContext load(Arca arca, Path file) {
        ParsedPlan parsed = PlanFile.read(file);
        if (!parsed.valid()) {
            parsed.errors().forEach(arca.err::println);
            throw new CliException(ExitCode.FAILURE, "plan '" + file + "' is invalid",
                    "fix it; 'arca plan check " + file + "' lists the errors");
        }
        return new PlanContext(file, parsed.orThrow(), arca.env);
    }

    Plan plan() {
        return plan;
    }

    /**
     * The repository the plan's backups go to: the given one, else the first primary-site repository,
     * else the first declared.
     */
    String repository(Optional<String> given) {
        if (given.isPresent()) {
            return given.get();
        }
        return plan.repositories().values().stream().filter(r -> r.site() == Site.PRIMARY).findFirst()
                .or(() -> plan.repositories().values().stream().findFirst())
                .map(RepositorySpec::url)
                .orElseThrow(() -> new CliException(ExitCode.USAGE, "plan '" + file + "' declares no repository",
                        "add a repositories: section, or pass -r REPO"));
    }

    /** The sources of the selected systems (all when {@code system} is empty), in plan order. */
    List<Selected> sources(Optional<String> system, Optional<String> source) {
        if (system.isPresent() && !plan.systems().containsKey(system.get())) {
            throw new CliException(ExitCode.USAGE, "--system: the plan declares no system '" + system.get() + "'",
                    "declared: " + String.join(", ", plan.systems().keySet()));
        }
        List<Selected> out = new ArrayList<>();
        for (SystemSpec s : plan.systems().values()) {
            if (system.isPresent() && !system.get().equals(s.name())) {
                continue;
            }
            for (Map.Entry<String, Source> e : s.sources().entrySet()) {
                if (source.isEmpty() || source.get().equals(e.getKey())) {
                    out.add(new Selected(s.name(), e.getKey(), e.getValue()));
                }
            }
        }
        if (source.isPresent() && out.isEmpty()) {
            Map<String, Source> declared = system.map(n -> plan.systems().get(n).sources()).orElse(Map.of());
            throw new CliException(ExitCode.USAGE, "--source: no source '" + source.get() + "'"
                    + system.map(n -> " in system " + n).orElse(""), system.isPresent()
                    ? "declared: " + String.join(", ", declared.keySet()) : "give --system too");
        }
        return out;
    }

    /** Exactly one database source, for restore and recovery points. */
    Selected one(Optional<String> system, Optional<String> source) {
        List<Selected> dbs = sources(system, source).stream().filter(s -> isDatabase(s.spec())).toList();
        if (dbs.size() != 1) {
            Map<String, String> names = new LinkedHashMap<>();
            dbs.forEach(s -> names.put(s.stream(), s.spec().type()));
            throw new CliException(ExitCode.USAGE, dbs.isEmpty() ? "no database source selected"
                    : "more than one database source selected: " + String.join(", ", names.keySet()),
                    "choose one with --system SYSTEM --source NAME");
        }
        return dbs.getFirst();
    }

    static boolean isDatabase(Source s) {
        return s instanceof Source.Postgres || s instanceof Source.Mariadb;
    }

    DatabaseSource database(Selected s) {
        return switch (s.spec()) {
            case Source.Postgres p -> PostgresSource.of(s.system(), p, p.password().map(ref -> secret(ref, s)));
            case Source.Mariadb m -> MariadbSource.of(s.system(), m, m.password().map(ref -> secret(ref, s)));
            default -> throw new IllegalArgumentException(s.stream() + " is not a database source");
        };
    }

    /** Resolves a secret reference; the value never appears in messages. */
    String secret(SecretRef ref, Selected where) {
        return switch (ref) {
            case SecretRef.Env e -> {
                String v = env.get(e.variable());
                if (v == null) {
                    throw new CliException(ExitCode.FAILURE, where.stream() + ": password: environment variable "
                            + e.variable() + " is not set", "export " + e.variable() + " before running arca");
                }
                yield v;
            }
            case SecretRef.File f -> {
                try {
                    yield Files.readString(Path.of(f.path()), StandardCharsets.UTF_8).stripTrailing();
                } catch (IOException ex) {
                    throw new CliException(ExitCode.FAILURE, where.stream() + ": password: cannot read file " + f.path()
                            + ": " + ex.getMessage(), "create the file, readable only by the user arca runs as");
                }
            }
            case SecretRef.Named n -> {
                SecretRef target = plan.secrets().get(n.name());
                if (target == null || target instanceof SecretRef.Named) {
                    throw new CliException(ExitCode.FAILURE, where.stream() + ": password: secret '" + n.name()
                            + "' is not declared in the plan's secrets section", null);
                }
                yield secret(target, where);
            }
        };
    }
}
