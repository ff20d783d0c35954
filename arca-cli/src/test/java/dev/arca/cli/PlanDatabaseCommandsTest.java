package dev.arca.cli;

import dev.arca.protect.postgres.LocalCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan's database sources executed from the command line against a real PostgreSQL server and a
 * SQLite file: {@code arca stream}, {@code arca backup --plan}, {@code arca recovery-points} and
 * {@code arca restore --plan --at}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanDatabaseCommandsTest {
    private LocalCluster pg;
    private Path dir;
    private Path plan;
    private Path repo;
    private Map<String, String> env;

    @BeforeAll
    void setUp() throws Exception {
        pg = LocalCluster.start();
        dir = pg.base();
        repo = dir.resolve("repo");
        Path sqlite = dir.resolve("kb.sqlite");
        new ProcessBuilder("sqlite3", sqlite.toString(), "CREATE TABLE article(id INTEGER PRIMARY KEY, title TEXT);"
                + "INSERT INTO article(title) VALUES ('How to reset a password');").start().waitFor();
        Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(dir.resolve("uploads/ticket-1.txt"), "printer on fire");
        plan = dir.resolve("arca.yaml");
        Files.writeString(plan, PlanYaml.withLocalRepository(repo,
                "  ticketing:",
                "    tier: gold",
                "    sources:",
                "      db: {type: postgres, host: 127.0.0.1, port: " + pg.port() + ", user: postgres, logs: stream}",
                "      uploads: {type: files, paths: [\"" + dir.resolve("uploads") + "\"]}",
                "      kb: {type: sqlite, path: \"" + sqlite + "\"}"));
        env = Map.of("ARCA_PASSWORD", CliRun.PASSWORD, "ARCA_SPOOL", dir.resolve("spool").toString());
        assertThat(run("init", "-r", repo.toString()).exit()).isZero();
        pg.sql("CREATE TABLE marker (name text)");
    }

    @AfterAll
    void tearDown() throws IOException {
        pg.close();
    }

    private CliRun run(String... args) {
        return run(new Arca(Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env,
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), false), args);
    }

    private static CliRun run(Arca arca, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Arca a = new Arca(arca.clock, new PrintWriter(out), new PrintWriter(err), arca.env, arca.in, arca.rawOut, false);
        int code = Arca.execute(args, a);
        return new CliRun(code, out.toString(), err.toString(), new byte[0]);
    }

    @Test
    void streamBackupListAndRestoreToATime() throws Exception {
        StringWriter streamErr = new StringWriter();
        Arca streamer = new Arca(Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(streamErr), env,
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), false);
        Thread t = Thread.ofPlatform().start(() -> Arca.execute(new String[] {"stream", "--plan", plan.toString(),
                "--interval", "200ms"}, streamer));
        for (int i = 0; i < 100 && !streamErr.toString().contains("streaming WAL"); i++) {
            Thread.sleep(100);
        }
        assertThat(streamErr.toString()).contains("ticketing/db: streaming WAL of 127.0.0.1:" + pg.port()
                + " on slot arca_ticketing_db into ticketing/db");

        CliRun backup = run("backup", "--plan", plan.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("ticketing/db: snapshot ").contains("(postgres,"),
                l -> assertThat(l).startsWith("ticketing/uploads: snapshot ").contains("(files,"),
                l -> assertThat(l).startsWith("ticketing/kb: snapshot ").contains("(sqlite,"));

        pg.sql("INSERT INTO marker VALUES ('before')");
        Instant between = Instant.parse(pg.sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").getFirst());
        Thread.sleep(20);
        pg.sql("INSERT INTO marker VALUES ('after')");
        Thread.sleep(1000);
        streamer.stop.set(true);
        t.join(30_000);

        CliRun points = run("recovery-points", "--plan", plan.toString(), "--system", "ticketing");
        assertThat(points.exit()).as(points.err()).isZero();
        assertThat(points.out()).startsWith("ticketing/db (postgres):\n  20");

        Path target = dir.resolve("restored");
        int port = LocalCluster.freePort();
        CliRun restore = run("restore", "--plan", plan.toString(), "--system", "ticketing", "--source", "db",
                "--at", between.toString(), "--target-dir", target.toString(), "--target-url", "postgres://127.0.0.1:" + port);
        try {
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).startsWith("ticketing/db restored to " + between + " from snapshot ");
            assertThat(pg.sql(port, "postgres", "SELECT name FROM marker")).isEqualTo(List.of("before"));
        } finally {
            pg.stopServerIn(target);
        }

        CliRun sqlite = run("restore", "-r", repo.toString(), "latest", "--target", "-", "--include", "/kb.sqlite");
        assertThat(sqlite.exit()).as(sqlite.err()).isZero();
    }

    @Test
    void aLogicalBackupIsOnePgDumpPerDatabaseThatPgRestoreReads() throws Exception {
        pg.sql("CREATE DATABASE helpdesk");
        CliRun dump = run("backup", "--plan", plan.toString(), "--source", "db", "--logical", "--json");
        assertThat(dump.exit()).as(dump.err()).isZero();
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dump.out()).get("backups").get(0);
        assertThat(doc.get("consistency").get("kind").asText()).isEqualTo("dump");
        assertThat(doc.get("consistency").get("databases").asText().split(",")).contains("postgres", "helpdesk");

        // Custom-format archives start with the magic "PGDMP".
        Path restored = dir.resolve("helpdesk.dump");
        Files.write(restored, rawOf("restore", "-r", repo.toString(), doc.get("snapshot").asText(), "--target", "-",
                "--include", "/helpdesk.dump"));
        assertThat(new String(Files.readAllBytes(restored), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
    }

    private byte[] rawOf(String... args) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Arca a = new Arca(Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env,
                new ByteArrayInputStream(new byte[0]), raw, false);
        assertThat(Arca.execute(args, a)).isZero();
        return raw.toByteArray();
    }

    @Test
    void aTimeOutsideEveryWindowIsAClearError() {
        CliRun r = run("restore", "--plan", plan.toString(), "--system", "ticketing", "--source", "db",
                "--at", "2001-01-01T00:00:00Z", "--target-dir", dir.resolve("never").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).startsWith("arca: ticketing/db: ");
    }

    @Test
    void aBadTimeIsAUsageError() {
        CliRun r = run("restore", "--plan", plan.toString(), "--system", "ticketing", "--source", "db",
                "--at", "yesterday", "--target-dir", dir.resolve("never").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).startsWith("arca: --at: expected 'latest' or a time such as 2026-11-26T14:05:00Z, "
                + "2026-11-26T16:05:00+02:00 or '2026-11-26 14:05:00' (local time), got 'yesterday'\n");
    }
}
