package dev.arca.plan.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.plan.Plan;
import dev.arca.plan.Schedule;
import dev.arca.plan.SecretRef;
import dev.arca.plan.Source;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanParserTest {
    /** The smallest valid plan; tests append to it or replace parts of it. */
    static final String BASE = """
            version: 1
            tiers:
              gold: {rto: 15m, rpo: 5m, priority: 1}
            repositories:
              nas: {url: "file:///backup", site: primary, media: disk}
            systems:
              app:
                tier: gold
                sources:
                  db: {type: postgres, host: db1, databases: [app], logs: stream}
            schedules:
              - {cron: "0 2 * * *", do: backup}
            escalation:
              - {after: 0m, notify: [lead]}
            contacts:
              lead: {email: lead@example.com}
            """;

    static List<String> errors(String yaml) {
        ParsedPlan p = PlanParser.parse("arca.yaml", yaml);
        assertThat(p.plan().isPresent()).as("a plan is returned exactly when it is valid").isEqualTo(p.valid());
        return p.errors().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void readsTheSmallestValidPlan() {
        ParsedPlan p = PlanParser.parse("arca.yaml", BASE);
        assertThat(p.errors()).isEmpty();
        Plan plan = p.orThrow();
        assertThat(plan.tiers().get("gold").rto()).isEqualTo(Duration.ofMinutes(15));
        assertThat(plan.systems().get("app").sources().get("db")).isInstanceOf(Source.Postgres.class);
        Source.Postgres pg = (Source.Postgres) plan.systems().get("app").sources().get("db");
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.logs()).isEqualTo(Source.LogMode.STREAM);
        assertThat(plan.schedules().get(0).job()).isEqualTo(new Schedule.Backup(dev.arca.plan.Scope.ALL, "nas"));
    }

    @Test
    void negativeRetentionNamesFileLineColumnFieldAndValue() {
        assertThat(errors(BASE + "retention:\n  daily: -3\n"))
                .containsExactly("arca.yaml:18:10: retention.daily: expected a whole number >= 0, got '-3'");
    }

    @Test
    void malformedYamlGivesLineAndColumn() {
        assertThat(errors("version: 1\ntiers:\n  gold: {rto: 15m\n  bad\n")).containsExactly("arca.yaml:5:1: malformed "
                + "YAML: while parsing a flow mapping: expected ',' or '}', but got <stream end>; check indentation and "
                + "quoting near this place");
        assertThat(errors("version: 1\ntiers:\n  gold: x\n bad: y\n")).singleElement().asString()
                .startsWith("arca.yaml:4:").contains("malformed YAML");
    }

    @Test
    void emptyFileIsAnError() {
        assertThat(errors("# nothing\n"))
                .containsExactly("arca.yaml: the plan is empty; start from 'arca init' or examples/servicedesk.yaml");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(errors("- a\n- b\n")).containsExactly("arca.yaml:1:1: expected a mapping of key: value, got a list");
    }

    /** BASE with these lines added to the sources of system app, each indented as a source. */
    private static String withSources(String... lines) {
        String db = "      db: {type: postgres, host: db1, databases: [app], logs: stream}\n";
        StringBuilder more = new StringBuilder(db);
        for (String line : lines) {
            more.append("      ").append(line).append('\n');
        }
        return BASE.replace(db, more.toString());
    }

    @Test
    void aFilesSourceTakesExcludesAndStaysOnItsFileSystemOrSkipsCachesWhenAsked() {
        ParsedPlan p = PlanParser.parse("arca.yaml", withSources(
                "files: {type: files, paths: [/srv/app], excludes: [\"*.tmp\", cache/], one-file-system: true, "
                        + "exclude-caches: true}",
                "plain: {type: files, paths: [/srv/other]}"));
        assertThat(p.errors()).isEmpty();
        Source.Files files = (Source.Files) p.orThrow().systems().get("app").sources().get("files");
        assertThat(files.excludes()).containsExactly("*.tmp", "cache/");
        assertThat(files.oneFileSystem()).isTrue();
        assertThat(files.excludeCaches()).isTrue();
        Source.Files plain = (Source.Files) p.orThrow().systems().get("app").sources().get("plain");
        assertThat(plain.oneFileSystem()).isFalse();
        assertThat(plain.excludeCaches()).isFalse();
    }

    @Test
    void aBadExcludeGlobOrFlagIsNamedWhereItWasWritten() {
        assertThat(errors(withSources("files: {type: files, paths: [/srv/app], excludes: [\"*.tmp\", \"logs/[0-9\"]}")))
                .containsExactly("arca.yaml:11:67: systems.app.sources.files.excludes[1]: expected a glob such as *.tmp, "
                        + "/srv/app/cache/** or cache/, got 'logs/[0-9': Missing ']' at character 9");
        assertThat(errors(withSources("files: {type: files, paths: [/srv/app], exclude-caches: yes}")))
                .containsExactly("arca.yaml:11:63: systems.app.sources.files.exclude-caches: expected true or false, "
                        + "got 'yes'");
    }

    @Test
    void unknownKeySuggestsTheNearestOne() {
        String yaml = BASE.replace("    tier: gold\n", "    tier: gold\n    dependson: [x]\n");
        assertThat(errors(yaml)).containsExactly("arca.yaml:9:5: systems.app.dependson: unknown key 'dependson'; "
                + "did you mean 'depends-on'? (allowed: checks, depends-on, description, sources, tier)");
    }

    @Test
    void wrongTypeIsNamed() {
        String yaml = BASE.replace("priority: 1", "priority: [1]");
        assertThat(errors(yaml)).containsExactly(
                "arca.yaml:3:39: tiers.gold.priority: expected a whole number from 1 to 100, got a list");
    }

    @Test
    void zeroRpoAndTenYearRtoAreRejected() {
        String yaml = BASE.replace("{rto: 15m, rpo: 5m, priority: 1}", "{rto: 3651d, rpo: 0s, priority: 1}");
        assertThat(errors(yaml)).containsExactly(
                "arca.yaml:3:15: tiers.gold.rto: expected a duration from 1s to 3650d such as 90s, 15m, 2h or 7d, got '3651d'",
                "arca.yaml:3:27: tiers.gold.rpo: expected a duration from 1s to 3650d such as 90s, 15m, 2h or 7d, got '0s'");
    }

    @Test
    void unknownTierSuggestsTheDeclaredOne() {
        assertThat(errors(BASE.replace("tier: gold", "tier: golden")))
                .containsExactly("arca.yaml:8:5: systems.app.tier: unknown tier 'golden'; did you mean 'gold'?");
    }

    @Test
    void unknownTierListsTheDeclaredOnesWhenNothingIsClose() {
        assertThat(errors(BASE.replace("tier: gold", "tier: platinum")))
                .containsExactly("arca.yaml:8:5: systems.app.tier: unknown tier 'platinum'; declared: gold");
    }

    @Test
    void dependencyCycleIsReportedAsAPath() {
        String yaml = BASE.replace("    tier: gold\n", "    tier: gold\n    depends-on: [web]\n")
                + "";
        yaml = yaml.replace("schedules:", """
                  web:
                    tier: gold
                    depends-on: [app]
                schedules:""");
        assertThat(errors(yaml)).containsExactly("arca.yaml:9:5: systems.app.depends-on: dependency cycle "
                + "app -> web -> app; a system cannot be recovered before the systems it depends on");
    }

    @Test
    void selfDependencyIsRejected() {
        String yaml = BASE.replace("    tier: gold\n", "    tier: gold\n    depends-on: [app]\n");
        assertThat(errors(yaml)).contains("arca.yaml:9:5: systems.app.depends-on: system 'app' cannot depend on itself");
    }

    @Test
    void duplicateNamesAreRejectedWithTheFirstPlace() {
        String yaml = BASE.replace("repositories:\n", "repositories:\n  nas: {url: \"file:///other\", site: dr, media: disk}\n");
        assertThat(errors(yaml)).containsExactly("arca.yaml:6:3: repositories.nas: duplicate key 'nas' "
                + "(first declared at line 5); remove or rename one of them");
    }

    @Test
    void inlinePasswordsAreRefused() {
        String yaml = BASE.replace("logs: stream}", "logs: stream, password: hunter2}");
        assertThat(errors(yaml)).containsExactly("arca.yaml:10:81: systems.app.sources.db.password: inline secrets "
                + "are not accepted, got a literal value; write {env: VARIABLE}, {file: /path/to/file} or {secret: NAME} "
                + "so that the plan can be shared and committed without the secret");
    }

    @Test
    void secretReferencesResolve() {
        String ok = BASE.replace("logs: stream}", "logs: stream, password: {secret: db}}") + "secrets:\n  db: {file: /etc/db.pw}\n";
        ParsedPlan p = PlanParser.parse("arca.yaml", ok);
        assertThat(p.errors()).isEmpty();
        assertThat(p.orThrow().secrets().get("db")).isEqualTo(new SecretRef.File("/etc/db.pw"));
        String bad = BASE.replace("logs: stream}", "logs: stream, password: {secret: dbpw}}");
        assertThat(errors(bad)).containsExactly(
                "arca.yaml:10:82: systems.app.sources.db.password.secret: unknown secret 'dbpw'; 'secrets' declares none");
    }

    @Test
    void badCronNamesTheField() {
        assertThat(errors(BASE.replace("\"0 2 * * *\"", "\"0 2 * * FUN\"")))
                .containsExactly("arca.yaml:12:12: schedules[0].cron: invalid cron expression '0 2 * * FUN': "
                        + "day-of-week field 'FUN' is not a number or a name such as SUN");
    }

    @Test
    void unknownActionAndRepositoryAreReported() {
        assertThat(errors(BASE.replace("do: backup}", "do: backup, to: nass}")))
                .containsExactly("arca.yaml:12:37: schedules[0].to: unknown repository 'nass'; did you mean 'nas'?");
        assertThat(errors(BASE.replace("do: backup}", "do: bakup}")))
                .containsExactly("arca.yaml:12:29: schedules[0].do: unknown action 'bakup'; did you mean 'backup'? "
                        + "(known: backup, copy, verify, prune, drill)");
    }

    @Test
    void everyErrorIsReportedInOneRun() {
        String yaml = """
                version: 2
                tiers:
                  gold: {rto: 15x, rpo: 5m, priority: 1}
                systems:
                  app: {tier: silver, colour: blue}
                retention: {daily: many}
                """;
        assertThat(errors(yaml)).containsExactly(
                "arca.yaml:1:10: version: expected a whole number from 1 to 1, got '2'",
                "arca.yaml:3:15: tiers.gold.rto: expected a duration from 1s to 3650d such as 90s, 15m, 2h or 7d, got '15x'",
                "arca.yaml:5:9: systems.app.tier: unknown tier 'silver'; declared: gold",
                "arca.yaml:5:23: systems.app.colour: unknown key 'colour' (allowed: checks, depends-on, description, sources, tier)",
                "arca.yaml:6:20: retention.daily: expected a whole number >= 0, got 'many'");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertThat(errors("version: 1\ntiers:\n  gold: {rto: 15m, priority: 1}\n"))
                .containsExactly("arca.yaml:3:9: tiers.gold.rpo: missing required key 'rpo': expected a duration such as 15m");
        assertThat(errors("tiers:\n  gold: {rto: 15m, rpo: 1m, priority: 1}\n"))
                .containsExactly("arca.yaml:1:1: version: missing required key 'version': expected 1 (the plan format version)");
    }

    @Test
    void invalidNamesAreRejected() {
        assertThat(errors(BASE.replace("  app:\n", "  my app:\n")).get(0)).isEqualTo("arca.yaml:7:3: systems.my app: "
                + "invalid name 'my app': use letters, digits, '-' and '_', starting with a letter or digit");
    }

    @Test
    void runbookStepsNeedExactlyOneAction() {
        String yaml = BASE + """
                runbooks:
                  failover:
                    steps:
                      - {name: go, budget: 5m}
                      - {name: both, budget: 5m, command: x, manual: y}
                      - {name: restore, budget: 5m, restore: {systems: [nope]}}
                """;
        assertThat(errors(yaml)).containsExactly(
                "arca.yaml:20:9: runbooks.failover.steps[0]: expected exactly one action (command, restore, promote, dns, "
                        + "http, verify, notify, manual) in a step, got none",
                "arca.yaml:21:9: runbooks.failover.steps[1]: expected exactly one action (command, restore, promote, dns, "
                        + "http, verify, notify, manual) in a step, got command and manual",
                "arca.yaml:22:47: runbooks.failover.steps[2].restore.systems: unknown system 'nope'; declared: app");
    }

    @Test
    void sqlCheckNeedsAClearSourceAndExpectation() {
        String yaml = BASE.replace("    sources:\n", "    checks:\n      - {sql: \"select 1\", expect: \"> many\"}\n    sources:\n");
        assertThat(errors(yaml)).containsExactly("arca.yaml:10:35: systems.app.checks[0].expect: expected a comparison "
                + "such as '> 0', '>= 10', '= ok' or a plain value, got '> many'");
    }

    @Test
    void contactsAndChannelsAreResolvedInEscalation() {
        assertThat(errors(BASE.replace("notify: [lead]", "notify: [leda], via: [pager]"))).containsExactly(
                "arca.yaml:14:17: escalation[0].notify: unknown contact 'leda'; did you mean 'lead'?",
                "arca.yaml:14:33: escalation[0].via: unknown notification channel 'pager'; 'notifications' declares none");
    }
}
