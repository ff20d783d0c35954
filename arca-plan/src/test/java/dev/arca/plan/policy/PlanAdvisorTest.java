package dev.arca.plan.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.plan.Plan;
import dev.arca.plan.parse.Diagnostic;
import dev.arca.plan.parse.ParsedPlan;
import dev.arca.plan.parse.PlanParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanAdvisorTest {
    private static final String PLAN = """
            version: 1
            tiers:
              gold:   {rto: 15m, rpo: 5m, priority: 1}
              bronze: {rto: 24h, rpo: 4h, priority: 3}
            repositories:
              nas: {url: "file:///backup", site: primary, media: disk}
            systems:
              app:
                tier: gold
                depends-on: [auth]
                sources:
                  files: {type: files, paths: [/srv/app]}
              auth:
                tier: bronze
                sources:
                  db: {type: postgres, host: db1, logs: stream}
            schedules:
              - {cron: "0 2 * * *", do: backup}
            retention: {logs: 12h}
            contacts:
              lead: {email: lead@example.com}
            escalation:
              - {after: 10m, notify: [lead]}
            runbooks:
              failover:
                steps:
                  - {name: restore, budget: 10m, restore: {systems: [app]}}
                  - {name: verify, budget: 10m, verify: {systems: [app]}}
            """;

    private static List<String> warnings(String yaml) {
        ParsedPlan p = PlanParser.parse("arca.yaml", yaml);
        assertThat(p.errors()).isEmpty();
        return p.warnings().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void reportsEveryWayThePlanMissesItsTargets() {
        assertThat(warnings(PLAN)).containsExactly(
                "arca.yaml:8:3: warning: systems.app: the RPO of 5m (tier 'gold') cannot be met for files: backups run up "
                        + "to 1d apart; back up at least every 5m or stream database logs",
                "arca.yaml:8:3: warning: systems.app: no copy off-site: its data reaches only nas; add a 'do: copy' "
                        + "schedule to a repository with site dr or cloud",
                "arca.yaml:10:5: warning: systems.app.depends-on: depends on 'auth' whose tier 'bronze' allows 1d to "
                        + "recover, but its own tier 'gold' must be back within 15m; move 'auth' to a tier at least as strict",
                "arca.yaml:13:3: warning: systems.auth: no copy off-site: its data reaches only nas; add a 'do: copy' "
                        + "schedule to a repository with site dr or cloud",
                "arca.yaml:19:13: warning: retention.logs: logs are kept 12h but backups of 'auth' run up to 1d apart, "
                        + "leaving times that cannot be recovered; keep logs longer than the backup interval",
                "arca.yaml:22:1: warning: escalation: no level has 'after: 0m', so nobody is told when an incident opens",
                "arca.yaml:25:3: warning: runbooks.failover: step budgets add up to 20m, more than the 15m RTO of tier "
                        + "'gold' that it recovers (app); shorten the steps, run them in parallel, or keep a warm standby");
    }

    @Test
    void theServiceDeskExampleWarnsThatSiteFailoverExceedsTheMissionCriticalRto() throws IOException {
        Path example = Path.of("..", "examples", "servicedesk.yaml");
        ParsedPlan p = PlanParser.parse(example.toString(), Files.readString(example));
        assertThat(p.errors()).isEmpty();
        assertThat(p.warnings()).extracting(Diagnostic::message).contains("step budgets add up to 40m, more than the 15m "
                + "RTO of tier 'mission-critical' that it recovers (auth, ticketing); shorten the steps, run them in "
                + "parallel, or keep a warm standby");
        Plan plan = p.orThrow();
        assertThat(plan.systems()).containsKeys("ticketing", "auth", "reports", "analytics", "workflows",
                "knowledge-base", "configuration");
        assertThat(plan.runbooks().get("site-failover").steps()).hasSize(5);
        assertThat(plan.escalation()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(plan.scenarios().values()).extracting(s -> s.kind().name())
                .contains("HARDWARE", "SOFTWARE", "NETWORK", "NATURAL");
        assertThat(CopyMatrix.of(plan)).allSatisfy(row -> assertThat(row.shortfalls()).isEmpty());
    }

    @Test
    void recoveryOrderPutsDependenciesFirstThenPriority() throws IOException {
        Path example = Path.of("..", "examples", "servicedesk.yaml");
        Plan plan = PlanParser.parse("x", Files.readString(example)).orThrow();
        assertThat(RecoveryOrder.of(plan)).extracting(s -> s.wave() + ":" + s.system().name()).containsExactly(
                "1:auth", "1:configuration", "2:ticketing", "2:knowledge-base", "3:analytics", "3:reports", "3:workflows");
    }

    @Test
    void copyMatrixFollowsCopySchedulesTransitively() {
        String yaml = PLAN.replace("repositories:\n", "repositories:\n  dr: {url: \"sftp://b@dr/arca\", site: dr, media: disk}\n"
                + "  cloud: {url: \"s3://b/arca\", site: cloud, media: object, immutable-days: 30}\n")
                .replace("schedules:\n", "schedules:\n  - {cron: \"@hourly\", do: copy, from: nas, to: [dr]}\n"
                        + "  - {cron: \"@daily\", do: copy, from: dr, to: [cloud]}\n");
        Plan plan = PlanParser.parse("arca.yaml", yaml).orThrow();
        CopyMatrix.Row row = CopyMatrix.of(plan).get(0);
        assertThat(row.repositories()).extracting(r -> r.name()).containsExactly("nas", "dr", "cloud");
        assertThat(row.copies()).isEqualTo(4);
        assertThat(row.media()).isEqualTo(2);
        assertThat(row.offSite()).isEqualTo(2);
        assertThat(row.immutable()).isEqualTo(1);
        assertThat(row.shortfalls()).isEmpty();
        CopyMatrix.Row alone = CopyMatrix.of(PlanParser.parse("arca.yaml", PLAN).orThrow()).get(0);
        assertThat(alone.shortfalls()).containsExactly("2 copies counting production, 3 needed", "1 backup medium, 2 needed",
                "no off-site copy", "no immutable copy");
    }
}
