package dev.arca.cli;

import dev.arca.plan.Source;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.postgres.LocalCluster;
import dev.arca.protect.postgres.PostgresSource;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.protect.source.PointInTime;
import dev.arca.protect.source.RestoreReport;
import dev.arca.protect.source.RestoreTarget;
import dev.arca.protect.source.StreamControl;
import dev.arca.protect.sqlite.SqliteBackup;
import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.Restorer;
import dev.arca.repository.Repository;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo's database part: a SQLite database copied online and restored, and, where PostgreSQL's
 * server programs are installed, a throwaway PostgreSQL whose WAL is streamed into the repository, an
 * accidental {@code DELETE}, and a point-in-time restore to just before it.
 */
final class DemoDatabase {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String STREAM = "demo/tickets";

    private final PrintWriter out;
    private final Repository repo;
    private final Path work;

    DemoDatabase(PrintWriter out, Repository repo, Path work) {
        this.out = out;
        this.repo = repo;
        this.work = work;
    }

    private static BackupOptions options(String source) {
        return new BackupOptions(List.of(), List.of(), List.of("demo"), Optional.empty(), source, RepoOptions.host(),
                RepoOptions.user(), Duration.ZERO);
    }

    /** SQLite: online backup, restore, integrity and row count. */
    boolean sqlite() throws Exception {
        Optional<Path> sqlite3 = ExternalCommand.find("sqlite3", List.of());
        if (sqlite3.isEmpty()) {
            out.println("8. sqlite            skipped: the sqlite3 program is not installed (Debian: apt-get install sqlite3)");
            return true;
        }
        long t = System.nanoTime();
        Path db = work.resolve("kb.sqlite");
        ExternalCommand.of(List.of(sqlite3.get().toString(), db.toString(),
                "CREATE TABLE article(id INTEGER PRIMARY KEY, title TEXT, body TEXT);"
                        + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                        + "INSERT INTO article(title, body) SELECT 'Article ' || i, hex(randomblob(200)) FROM n;")).run();
        BackupResult r = new SqliteBackup(db).run(repo, options("demo/kb"));
        Path back = work.resolve("kb-restored.sqlite");
        try (OutputStream o = Files.newOutputStream(back)) {
            new Restorer(repo, RestoreOptions.defaults()).restoreFile(r.snapshot(), "/kb.sqlite", o);
        }
        List<String> check = ExternalCommand.of(List.of(sqlite3.get().toString(), back.toString(),
                "PRAGMA integrity_check; SELECT count(*) FROM article;")).runOutput();
        boolean ok = check.equals(List.of("ok", "2000"));
        out.printf("8. sqlite            online backup of a knowledge base (2000 articles), snapshot %s, restored: "
                + "integrity %s, %s articles   %s%n", r.snapshot().shortId(), check.isEmpty() ? "?" : check.getFirst(),
                check.size() > 1 ? check.get(1) : "?", since(t));
        return ok;
    }

    /** PostgreSQL: WAL streaming, base backup, an accident, and a restore to the moment before it. */
    boolean postgres() throws Exception {
        if (!LocalCluster.available()) {
            out.println("9. postgresql        skipped: PostgreSQL's server programs are not installed (Debian: apt-get install postgresql-15)");
            return true;
        }
        long t = System.nanoTime();
        try (LocalCluster pg = LocalCluster.start()) {
            PostgresSource source = new PostgresSource(STREAM, pg.connection(), Source.LogMode.STREAM, List.of(), pg.tools());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean streaming = new AtomicBoolean();
            Thread streamer = Thread.ofPlatform().name("demo-wal").start(() -> {
                try {
                    source.stream(repo, pg.base().resolve("spool"), new StreamControl(Duration.ofMillis(200),
                            e -> streaming.compareAndSet(false, e.startsWith("streaming WAL")), stop));
                } catch (Exception e) {
                    streaming.set(false);
                }
            });
            for (int i = 0; i < 300 && !streaming.get(); i++) {
                Thread.sleep(50);
            }
            pg.sql("CREATE TABLE ticket (id serial PRIMARY KEY, subject text, opened timestamptz DEFAULT clock_timestamp())");
            pg.sql("INSERT INTO ticket (subject) SELECT 'Printer on floor ' || i || ' is jammed' FROM generate_series(1, 500) i");
            BackupResult base = source.backup(repo, options(STREAM));
            out.printf("9. postgresql        throwaway PostgreSQL on port %d; WAL streamed into the repository every 0.2 s; "
                    + "base backup snapshot %s   %s%n", pg.port(), base.snapshot().shortId(), since(t));
            pg.sql("INSERT INTO ticket (subject) SELECT 'VPN drops every hour, case ' || i FROM generate_series(1, 50) i");
            Instant good = Instant.parse(pg.sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                    + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')").getFirst());
            Thread.sleep(20);
            pg.sql("DELETE FROM ticket");
            out.printf("10. accident         550 tickets at %s UTC; then someone runs DELETE FROM ticket: %s left%n",
                    CLOCK.format(good), pg.sql("SELECT count(*) FROM ticket").getFirst());
            Thread.sleep(800);
            stop.set(true);
            streamer.join(30_000);

            t = System.nanoTime();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path restored = pg.newDirectory("restored");
            RestoreReport report = source.restore(repo, new PointInTime.At(good),
                    new RestoreTarget(Optional.of(restored), Optional.empty(), port, Optional.empty()));
            String count;
            try {
                count = pg.sql(port, "postgres", "SELECT count(*) FROM ticket").getFirst();
            } finally {
                pg.stopServerIn(restored);
            }
            out.printf("11. restore to time  PostgreSQL restored to %s UTC (base backup %s + %d WAL files replayed): "
                    + "%s tickets back   %s%n", CLOCK.format(report.reached()), report.snapshot(), report.logFiles(), count, since(t));
            return count.equals("550");
        }
    }

    private static String since(long start) {
        return "(" + Sizes.duration(Duration.ofNanos(System.nanoTime() - start)) + ")";
    }
}
