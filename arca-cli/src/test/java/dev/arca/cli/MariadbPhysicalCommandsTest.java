package dev.arca.cli;

import dev.arca.protect.mariadb.MariadbServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB source with {@code method: physical} driven from the command line against a throwaway
 * server: {@code arca stream}, {@code arca backup --plan} (mariadb-backup streamed into the
 * repository), then {@code arca restore --plan --at T --target-dir} into a new data directory, which
 * is started as a server of its own and holds exactly the rows committed before T.
 */
class MariadbPhysicalCommandsTest {
    @TempDir
    Path dir;

    @Test
    void backsUpPhysicallyAndRestoresATimeIntoADataDirectory() throws Exception {
        try (MariadbServer source = MariadbServer.start(dir.resolve("source"), MariadbServer.withBinlog())) {
            Path repo = dir.resolve("repo");
            Path plan = dir.resolve("arca.yaml");
            Files.writeString(plan, PlanYaml.withLocalRepository(repo,
                    "  helpdesk:",
                    "    tier: gold",
                    "    sources:",
                    "      db: {type: mariadb, host: 127.0.0.1, port: " + source.port() + ", user: " + MariadbServer.USER
                            + ", password: {env: DB_PASSWORD}, method: physical, logs: stream}"));
            Map<String, String> env = Map.of("ARCA_PASSWORD", CliRun.PASSWORD, "ARCA_SPOOL", dir.resolve("spool").toString(),
                    "DB_PASSWORD", MariadbServer.PASSWORD);
            assertThat(run(env, "init", "-r", repo.toString()).exit()).isZero();
            source.sql("CREATE DATABASE helpdesk; CREATE TABLE helpdesk.marker(id INT AUTO_INCREMENT PRIMARY KEY, "
                    + "name VARCHAR(20) NOT NULL)");

            StringWriter streamErr = new StringWriter();
            Arca streamer = arca(env, streamErr);
            Instant target;
            Thread stream = Thread.ofPlatform().start(() -> Arca.execute(new String[] {"stream", "--plan", plan.toString(),
                    "--interval", "200ms"}, streamer));
            try {
                for (int i = 0; i < 100 && !streamErr.toString().contains("streaming binlogs"); i++) {
                    Thread.sleep(100);
                }
                assertThat(streamErr.toString()).contains("streaming binlogs of helpdesk/db from 127.0.0.1:" + source.port());

                CliRun backup = run(env, "backup", "--plan", plan.toString());
                assertThat(backup.exit()).as(backup.err()).isZero();
                assertThat(backup.out()).startsWith("helpdesk/db: snapshot ").contains("(mariadb,");

                // Binlog events carry whole seconds, so the target sits in a second of its own.
                source.sql("INSERT INTO helpdesk.marker(name) VALUES ('before')");
                intoNextSecond();
                target = intoNextSecond();
                intoNextSecond();
                source.sql("INSERT INTO helpdesk.marker(name) VALUES ('after')");
                Thread.sleep(1500);
            } finally {
                streamer.stop.set(true);
                stream.join(30_000);
            }

            Path restored = dir.resolve("restored");
            CliRun restore = run(env, "restore", "--plan", plan.toString(), "--system", "helpdesk", "--source", "db",
                    "--at", target.toString(), "--target-dir", restored.toString());
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).startsWith("helpdesk/db restored to " + target + " from snapshot ");
            try (MariadbServer copy = MariadbServer.startOn(restored, dir.resolve("restored-run"))) {
                assertThat(copy.query("SELECT name FROM helpdesk.marker ORDER BY id")).containsExactly("before");
            }

            CliRun intoServer = run(env, "restore", "--plan", plan.toString(), "--system", "helpdesk", "--source", "db",
                    "--at", target.toString(), "--target-url", "mariadb://127.0.0.1:" + source.port());
            assertThat(intoServer.exit()).isEqualTo(1);
            assertThat(intoServer.err()).isEqualTo("arca: MariaDB source helpdesk/db has only physical backups, and those "
                    + "restore into a new data directory, not into a running server\nHINT: give --target-dir DIR (new or "
                    + "empty) instead of --target-url; to load into a running server, back the source up with method: dump\n");
        }
    }

    /** Sleeps into the next second, 300 ms past its start, and returns that instant. */
    private static Instant intoNextSecond() throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).plusMillis(300);
        Thread.sleep(Duration.between(now, next).toMillis());
        return next;
    }

    private static Arca arca(Map<String, String> env, StringWriter err) {
        return new Arca(Clock.systemUTC(), new PrintWriter(new StringWriter()), new PrintWriter(err), env,
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), false);
    }

    private static CliRun run(Map<String, String> env, String... args) {
        return CliRun.with(env, new byte[0], Clock.systemUTC(), args);
    }
}
