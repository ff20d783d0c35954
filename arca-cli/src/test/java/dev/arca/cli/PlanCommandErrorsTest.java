package dev.arca.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the commands that execute a plan's sources: each refused with what to do, before any server is touched. */
class PlanCommandErrorsTest {
    @TempDir
    Path dir;
    private Path plan;

    @BeforeEach
    void plan() throws IOException {
        plan = dir.resolve("arca.yaml");
        Files.writeString(plan, String.join("\n",
                "version: 1",
                "tiers:",
                "  gold: {rto: 15m, rpo: 5m, priority: 1}",
                "repositories:",
                "  nas: {url: \"" + dir.resolve("nas") + "\", site: primary, media: disk}",
                "systems:",
                "  ticketing:",
                "    tier: gold",
                "    sources:",
                "      db: {type: postgres, host: 127.0.0.1, port: 1, password: {env: ARCA_TEST_UNSET_DB_PW}}",
                "      uploads: {type: files, paths: [\"" + dir + "\"]}",
                ""));
    }

    private void assertUsage(CliRun r, String message) {
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo(message);
    }

    @Test
    void aShippingIntervalThatIsNotADurationIsRefused() {
        assertUsage(CliRun.of("stream", "--plan", plan.toString(), "--interval", "soon"),
                "arca: --interval: expected a duration such as 1s or 500ms, got 'soon'\n");
    }

    @Test
    void anUnknownSystemListsTheDeclaredOnes() {
        assertUsage(CliRun.of("recovery-points", "--plan", plan.toString(), "-r", dir.resolve("nas").toString(),
                "--system", "tickets"), "arca: --system: the plan declares no system 'tickets'\nHINT: declared: ticketing\n");
    }

    @Test
    void anUnknownSourceListsTheSystemsSources() {
        assertUsage(CliRun.of("restore", "--plan", plan.toString(), "--system", "ticketing", "--source", "database",
                "--at", "latest", "--target-dir", dir.resolve("t").toString()),
                "arca: --source: no source 'database' in system ticketing\nHINT: declared: db, uploads\n");
    }

    @Test
    void aRestoreByPlanNeedsATime() {
        assertUsage(CliRun.of("restore", "--plan", plan.toString(), "--system", "ticketing", "--source", "db",
                "--target-dir", dir.resolve("t").toString()),
                "arca: --at is missing\nHINT: give --at latest or --at 2026-11-26T14:05:00Z\n");
    }

    @Test
    void anUnsetPasswordVariableIsNamedNeverItsValue() {
        assertThat(CliRun.of("init", "-r", dir.resolve("nas").toString()).exit()).isZero();

        CliRun r = CliRun.of("backup", "--plan", plan.toString(), "--source", "db");

        assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).isEqualTo("arca: ticketing/db: password: environment variable ARCA_TEST_UNSET_DB_PW is not set\n"
                + "HINT: export ARCA_TEST_UNSET_DB_PW before running arca\n");
    }
}
