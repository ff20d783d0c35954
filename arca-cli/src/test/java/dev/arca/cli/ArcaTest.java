package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArcaTest {
    @TempDir
    Path tmp;

    @Test
    void versionNamesTheRelease() {
        CliRun r = CliRun.of("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("arca 0.1.0-SNAPSHOT (Java ");
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun r = CliRun.of("help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("plan", "init", "0 ok, 1 failure, 2 usage, 3 partial,\n  10 no repository, 11 locked, 12 wrong password");
    }

    @Test
    void helpListsEveryCommandThoughOnlyTheNamedOneIsBuiltToRun() {
        assertThat(CliRun.of("help").out()).contains("init", "backup", "snapshots", "restore", "wal-push", "wal-fetch",
                "copy", "check", "forget", "prune", "key", "unlock", "demo", "plan");
        assertThat(CliRun.of("help", "restore").out()).startsWith("Usage: arca restore ");
    }

    @Test
    void everySubCommandTakesHelp() {
        CliRun backup = CliRun.of("backup", "--help");
        assertThat(backup.exit()).isZero();
        assertThat(backup.out()).startsWith("Usage: arca backup ").contains("Back up files and directories");
        CliRun keyAdd = CliRun.of("key", "add", "-h");
        assertThat(keyAdd.exit()).isZero();
        assertThat(keyAdd.out()).startsWith("Usage: arca key add ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(CliRun.of().exit()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of().err()).startsWith("missing command: try 'arca help'");
        CliRun r = CliRun.of("plan", "check", "--frobnicate", "x.yaml");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("Unknown option: '--frobnicate'");
        assertThat(CliRun.of("backupp").err()).startsWith("Unmatched argument at index 0: 'backupp'");
    }

    @Test
    void initWritesAStarterPlanThatChecksClean() throws IOException {
        CliRun r = CliRun.of("init", tmp.resolve("site").toString());
        Path plan = tmp.resolve("site").resolve("arca.yaml");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("wrote " + plan + ": a starter plan with the standard tiers and retention\n");
        String text = Files.readString(plan);
        assertThat(text).contains("mission-critical:   {rto: 15m, rpo: 5m,  priority: 1}",
                "retention: {logs: 7d, daily: 30, weekly: 12, monthly: 12, yearly: 7}");
        CliRun check = CliRun.of("plan", "check", plan.toString());
        assertThat(check.exit()).isZero();
        assertThat(check.err()).isEmpty();
    }

    @Test
    void initNeverOverwrites() throws IOException {
        Files.writeString(tmp.resolve("arca.yaml"), "mine");
        CliRun r = CliRun.of("init", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).isEqualTo("arca: '" + tmp.resolve("arca.yaml") + "' already exists; not overwriting it\n"
                + "HINT: edit it, or write the starter plan elsewhere with 'arca init DIR'\n");
        assertThat(Files.readString(tmp.resolve("arca.yaml"))).isEqualTo("mine");
    }
}
