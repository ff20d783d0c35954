package dev.arca.protect.postgres;

import dev.arca.plan.Source;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.Repository;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings and broken connections against a real server: each a clear error, and streams that resume. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresFaultTest {
    private LocalCluster server;

    @BeforeAll
    void start() throws IOException {
        server = LocalCluster.start();
        server.sql("CREATE ROLE arca_pw LOGIN PASSWORD 'right'");
        server.sql("CREATE ROLE plain LOGIN");
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    private static Repository repo() throws IOException {
        return PgStreamFixture.repository(new MemoryStorage());
    }

    private PostgresSource source(PgConnection conn) {
        return new PostgresSource("s/db", conn, Source.LogMode.STREAM, List.of(), server.tools());
    }

    private static BackupOptions options() {
        return new BackupOptions(List.of(), List.of(), List.of(), Optional.empty(), "s/db", "host", "tester", Duration.ZERO);
    }

    @Test
    void aWrongPasswordSaysSoAndWhereToFixIt() {
        PgConnection conn = new PgConnection("127.0.0.1", server.port(), "arca_pw", Optional.of("wrong"));

        assertThatThrownBy(() -> source(conn).backup(repo(), options()))
                .hasMessageStartingWith("PostgreSQL 127.0.0.1:" + server.port() + ": psql failed (exit code 2):\n  ")
                .hasMessageContaining("password authentication failed for user \"arca_pw\"")
                .hasMessageEndingWith("\nHINT: check the user and password of this source in the plan (password: secret reference)");
    }

    @Test
    void anUnreachableServerSaysWhereItLooked() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PgConnection conn = new PgConnection("127.0.0.1", closed, "postgres", Optional.empty());

        assertThatThrownBy(() -> source(conn).backup(repo(), options()))
                .hasMessageStartingWith("PostgreSQL 127.0.0.1:" + closed + ": psql failed (exit code 2):\n  ")
                .hasMessageContaining("Connection refused")
                .hasMessageEndingWith("\nHINT: check that the server runs and listens on 127.0.0.1:" + closed
                        + " (listen_addresses, firewall)");
    }

    @Test
    void aUserWithoutReplicationIsToldWhichPrivilegeToGrant() {
        PgConnection conn = new PgConnection("127.0.0.1", server.port(), "plain", Optional.empty());

        assertThatThrownBy(() -> source(conn).backup(repo(), options()))
                .hasMessage("PostgreSQL 127.0.0.1:" + server.port() + ": user 'plain' lacks the REPLICATION privilege "
                        + "that pg_basebackup and pg_receivewal need"
                        + "\nHINT: ALTER ROLE plain REPLICATION; and allow it in pg_hba.conf "
                        + "(host replication plain <arca host>/32 scram-sha-256)");
    }

    @Test
    void aServerWithoutReplicaWalIsToldToChangeWalLevel() throws IOException {
        try (LocalCluster minimal = LocalCluster.start()) {
            minimal.stopServer();
            java.nio.file.Files.writeString(minimal.base().resolve("data/postgresql.conf"),
                    "\nwal_level = minimal\nmax_wal_senders = 0\n", java.nio.file.StandardOpenOption.APPEND);
            minimal.startServer();
            PostgresSource source = new PostgresSource("m/db", minimal.connection(), Source.LogMode.STREAM, List.of(),
                    minimal.tools());

            assertThatThrownBy(() -> source.backup(repo(), options()))
                    .hasMessage("PostgreSQL 127.0.0.1:" + minimal.port() + ": wal_level is 'minimal', so its WAL cannot be "
                            + "used for point-in-time recovery\nHINT: set wal_level = replica in postgresql.conf and restart "
                            + "the server");
        }
    }

    @Test
    void aStreamResumesWithoutAGapAfterTheServerRestarts() throws Exception {
        Repository repo = repo();
        PostgresSource source = new PostgresSource("restart/db", server.connection(), Source.LogMode.STREAM, List.of(),
                server.tools());
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        java.nio.file.Path spool = server.base().resolve("spool-restart");
        Thread t = PgStreamFixture.stream(source, repo, spool, Duration.ofMillis(200), events, stop);
        try {
            PgStreamFixture.waitFor(() -> events.stream().anyMatch(e -> e.startsWith("streaming WAL")));
            source.backup(repo, options());
            server.sql("CREATE TABLE IF NOT EXISTS r (n int)");
            server.stopServer();
            server.startServer();
            server.sql("INSERT INTO r VALUES (1)");
            server.sql("SELECT pg_switch_wal()");
            PgStreamFixture.waitFor(() -> events.stream().filter(e -> e.startsWith("streaming WAL")).count() >= 2);
            Thread.sleep(1000);
        } finally {
            stop.set(true);
            t.join(30_000);
        }

        List<RecoveryWindow> windows = source.recoveryWindows(repo);
        assertThat(windows).singleElement().satisfies(w -> assertThat(w.brokenBy()).isEmpty());
        assertThat(events).anyMatch(e -> e.startsWith("WAL stream interrupted, retrying in 1 s: PostgreSQL 127.0.0.1:"))
                .noneMatch(e -> e.startsWith("GAP") || e.startsWith("FAILED"));
        assertThat(repo.logs().files("restart/db")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aDroppedSlotIsReportedAndRecreated() throws Exception {
        Repository repo = repo();
        PostgresSource source = new PostgresSource("dropped/db", server.connection(), Source.LogMode.STREAM, List.of(),
                server.tools());
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = PgStreamFixture.stream(source, repo, server.base().resolve("spool-dropped"), Duration.ofMillis(200), events, stop);
        try {
            PgStreamFixture.waitFor(() -> events.stream().anyMatch(e -> e.startsWith("streaming WAL")));
            server.sql("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + source.slot() + "'");
            server.sql("SELECT pg_drop_replication_slot('" + source.slot() + "')");
            PgStreamFixture.waitFor(() -> events.stream().anyMatch(e -> e.startsWith("GAP possible")));
        } finally {
            stop.set(true);
            t.join(30_000);
        }
        assertThat(events).contains("GAP possible: replication slot arca_dropped_db was dropped on 127.0.0.1:" + server.port()
                + "; re-creating it. WAL written while it was missing may be lost: check arca recovery-points");
    }
}
