package dev.arca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code arca status}: the plan's copies as the repositories actually hold them. */
class StatusCommandTest {
    @TempDir
    Path dir;
    private Path plan;
    private Map<String, String> env;

    @BeforeEach
    void plan() throws IOException {
        Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(dir.resolve("uploads/a.txt"), "attachment");
        plan = dir.resolve("arca.yaml");
        Files.writeString(plan, String.join("\n",
                "version: 1",
                "tiers:",
                "  gold: {rto: 15m, rpo: 1h, priority: 1}",
                "repositories:",
                "  nas: {url: \"" + dir.resolve("nas") + "\", site: primary, media: disk}",
                "  dr: {url: \"" + dir.resolve("dr") + "\", site: dr, media: disk}",
                "  cloud: {url: \"" + dir.resolve("cloud") + "\", site: cloud, media: object, immutable-days: 30}",
                "systems:",
                "  ticketing:",
                "    tier: gold",
                "    sources:",
                "      uploads: {type: files, paths: [\"" + dir.resolve("uploads") + "\"]}",
                ""));
        env = Map.of("ARCA_PASSWORD", CliRun.PASSWORD, "ARCA_STATE_DIR", dir.resolve("state").toString());
    }

    private CliRun at(Instant t, String... args) {
        return CliRun.with(env, new byte[0], Clock.fixed(t, ZoneOffset.UTC), args);
    }

    @Test
    void threeFreshCheckedCopiesMeetTheRuleAndAStaleOneBreaksIt() {
        Instant t0 = Instant.parse("2026-11-26T09:00:00Z");
        for (String repo : new String[] {"nas", "dr", "cloud"}) {
            String r = dir.resolve(repo).toString();
            assertThat(at(t0, "init", "-r", r).exit()).isZero();
            assertThat(at(t0, "backup", "--plan", plan.toString(), "-r", r).exit()).isZero();
            assertThat(at(t0, "check", "-r", r, "--read-data").exit()).isZero();
        }

        CliRun ok = at(t0.plusSeconds(600), "status", "--plan", plan.toString());

        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("ticketing (gold, RPO 1h): 3-2-1-1-0 met — 4 copies, 2 media, 2 off-site, 1 immutable, 0 errors\n"
                + "  production            counts\n"
                + "  nas                   counts: fresh (checked 2026-11-26T09:00:00Z, no errors)\n");

        CliRun late = at(t0.plusSeconds(7200), "status", "--plan", plan.toString());

        assertThat(late.exit()).isEqualTo(ExitCode.PARTIAL);
        assertThat(late.out()).isEqualTo("ticketing (gold, RPO 1h): 3-2-1-1-0 NOT met — 1 copy, 0 media, 0 off-site, 0 immutable, 0 errors\n"
                + "  production            counts\n"
                + "  nas                   does not count: ticketing/uploads is 2h old, over the RPO of 1h\n"
                + "  dr                    does not count: ticketing/uploads is 2h old, over the RPO of 1h\n"
                + "  cloud                 does not count: ticketing/uploads is 2h old, over the RPO of 1h\n"
                + "  ! 1 copy counting production, 3 needed\n"
                + "  ! 0 backup media, 2 needed\n"
                + "  ! no off-site copy\n"
                + "  ! no immutable copy\n");

        // The same in JSON (CliRun holds it to the object mapper's form).
        CliRun json = at(t0.plusSeconds(7200), "status", "--plan", plan.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isEqualTo(ExitCode.PARTIAL);
        assertThat(json.out()).startsWith("{\n  \"systems\" : [ {");
    }

    @Test
    void anUnreachableOrUncheckedRepositoryIsNamed() {
        Instant t0 = Instant.parse("2026-11-26T09:00:00Z");
        String nas = dir.resolve("nas").toString();
        at(t0, "init", "-r", nas);
        at(t0, "backup", "--plan", plan.toString(), "-r", nas);

        CliRun r = at(t0, "status", "--plan", plan.toString());

        assertThat(r.out()).contains("  nas                   counts: fresh (never checked)\n",
                "  dr                    does not count: unreachable: ",
                "  ! nas was never checked (run arca check --read-data-subset)\n");
    }
}
