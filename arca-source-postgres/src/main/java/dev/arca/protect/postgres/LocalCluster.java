package dev.arca.protect.postgres;

import dev.arca.protect.source.ExternalCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the demo, drills and tests: its own data directory, port and socket,
 * made with {@code initdb} and run with {@code pg_ctl} from the installed binaries, never the machine's
 * own server. As root it runs everything as the {@code postgres} user, since PostgreSQL refuses root.
 */
public final class LocalCluster implements AutoCloseable {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private final PostgresTools tools = PostgresTools.system();
    private final Path base;
    private final Path data;
    private final int port;

    private LocalCluster(Path base, int port) {
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
    }

    /** Whether PostgreSQL's server programs are installed here, so that a cluster can be made. */
    public static boolean available() {
        try {
            PostgresTools t = PostgresTools.system();
            t.path("initdb");
            t.path("pg_ctl");
            return !ROOT || Files.isDirectory(Path.of("/var/lib/postgresql")) || userExists("postgres");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static boolean userExists(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(name + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes and starts a server with WAL for replication and a trusted local superuser {@code postgres}. */
    public static LocalCluster start() throws IOException {
        return start(Files.createTempDirectory("arca-pg-"));
    }

    /** As {@link #start()}, in {@code base}, an empty directory the server's user will own. */
    public static LocalCluster start(Path base) throws IOException {
        Files.createDirectories(base);
        LocalCluster s = new LocalCluster(base, freePort());
        if (ROOT) {
            ExternalCommand.of(List.of("chown", "postgres:", base.toString())).run();
        }
        s.asOwner(List.of(s.tools.path("initdb").toString(), "-D", s.data.toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8", "--locale=C"));
        Files.writeString(s.data.resolve("postgresql.conf"), String.join("\n",
                "port = " + s.port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + base + "'",
                "wal_level = replica",
                "max_wal_senders = 10",
                "max_replication_slots = 10",
                "fsync = off",
                "full_page_writes = on",
                "shared_buffers = 32MB",
                "log_line_prefix = '%m '",
                "timezone = 'UTC'",
                ""), java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(s.data.resolve("pg_hba.conf"), String.join("\n",
                "host all arca_pw 127.0.0.1/32 scram-sha-256",
                "host replication arca_pw 127.0.0.1/32 scram-sha-256",
                "local all all trust",
                "host all all 127.0.0.1/32 trust",
                "host replication all 127.0.0.1/32 trust",
                ""));
        s.startServer();
        return s;
    }

    /**
     * A streaming standby of this server ({@code pg_basebackup -R}) in a new directory on its own port,
     * started; {@link #promote()} makes it a primary on the next timeline, as a failover does.
     */
    public LocalCluster standby() throws IOException {
        Path dir = Files.createTempDirectory("arca-pg-standby-");
        if (ROOT) {
            ExternalCommand.of(List.of("chown", "postgres:", dir.toString())).run();
        }
        LocalCluster s = new LocalCluster(dir, freePort());
        s.asOwner(List.of(tools.path("pg_basebackup").toString(), "-D", s.data.toString(), "-R", "-X", "stream",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "--no-sync"));
        // Later lines win: the copy keeps the primary's settings but for where it listens.
        Files.writeString(s.data.resolve("postgresql.conf"), String.join("\n",
                "port = " + s.port, "unix_socket_directories = '" + dir + "'", ""), java.nio.file.StandardOpenOption.APPEND);
        s.startServer();
        return s;
    }

    /** Ends recovery on a standby and waits until it accepts writes on its new timeline. */
    public void promote() throws IOException {
        asOwner(List.of(tools.path("pg_ctl").toString(), "-D", data.toString(), "-w", "promote"));
    }

    /** A loopback TCP port that no process listens on at this moment, chosen by the kernel. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path base() {
        return base;
    }

    public PgConnection connection() {
        return new PgConnection("127.0.0.1", port, "postgres", Optional.empty());
    }

    public PostgresTools tools() {
        return tools;
    }

    /** Runs SQL as the superuser and returns the rows, fields separated by '|'. */
    public List<String> sql(String sql) throws IOException {
        return sql(port, "postgres", sql);
    }

    /** Runs SQL against another server on this host (a restored copy). */
    public List<String> sql(int atPort, String db, String sql) throws IOException {
        return new ServerProbe(new PgConnection("127.0.0.1", atPort, "postgres", Optional.empty()), tools).query(sql);
    }

    public void startServer() throws IOException {
        asOwner(List.of(tools.path("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("server.log").toString(),
                "-w", "start"));
    }

    public void stopServer() throws IOException {
        asOwner(List.of(tools.path("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    /** Stops any server running in {@code dir} (a restored copy), ignoring one that is not running. */
    public void stopServerIn(Path dir) {
        try {
            asOwner(List.of(tools.path("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "-w", "stop"));
        } catch (IOException e) {
            // not running
        }
    }

    /** A directory the server user may write to, for restore targets. */
    public Path newDirectory(String name) {
        return base.resolve(name);
    }

    private void asOwner(List<String> argv) throws IOException {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(argv);
        ExternalCommand.of(full).in(base).run();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.toList()) {
                if (Files.exists(d.resolve("postmaster.pid"))) {
                    stopServerIn(d);
                }
            }
        }
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
