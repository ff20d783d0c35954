package dev.arca.protect.mariadb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB server for tests: its own data directory, socket and free port on 127.0.0.1,
 * started from the installed binaries as a child process, never the machine's own server. It has a
 * user {@value #USER} with password {@value #PASSWORD} and all privileges. Public, in the module's test jar,
 * for the command line's tests.
 */
public final class MariadbServer implements AutoCloseable {
    public static final String USER = "arca";
    public static final String PASSWORD = "s3cret-pw";

    private final Path dir;
    private final Path data;
    private final int port;
    private final List<String> extra;
    private Process process;

    private MariadbServer(Path dir, Path data, int port, List<String> extra) {
        this.dir = dir;
        this.data = data;
        this.port = port;
        this.extra = List.copyOf(extra);
    }

    /** Creates and starts a server in {@code dir}; {@code extra} are further mariadbd options. */
    public static MariadbServer start(Path dir, String... extra) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"), "--user=root",
                "--auth-root-authentication-method=normal", "--skip-test-db"), dir.resolve("install.log"));
        MariadbServer s = new MariadbServer(dir, dir.resolve("data"), freePort(), Arrays.asList(extra));
        s.startProcess();
        s.sql("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'; GRANT ALL ON *.* TO '" + USER + "'@'%'");
        return s;
    }

    /**
     * Starts a server on a data directory made elsewhere (a restored one), keeping its socket and logs
     * in {@code dir}; its users are the data's own.
     */
    public static MariadbServer startOn(Path data, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        MariadbServer s = new MariadbServer(dir, data, freePort(), List.of());
        s.startProcess();
        return s;
    }

    public int port() {
        return port;
    }

    Endpoint endpoint() {
        return new Endpoint("127.0.0.1", port, USER, Optional.of(PASSWORD));
    }

    Path binlogDir() {
        return data;
    }

    /** Runs statements as root over the socket. */
    public void sql(String statements) throws IOException, InterruptedException {
        query(statements);
    }

    /** Runs statements as root and returns the output rows, tab-separated. */
    public List<String> query(String statements) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb", "--no-defaults", "--socket=" + socket(), "--user=root", "--batch",
                "--skip-column-names", "--execute=" + statements).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("SQL failed on test server " + port + ": " + statements + "\n" + out);
        }
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** A dump of one database, for comparing contents; no dates or server-specific comments. */
    String dump(String database) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb-dump", "--no-defaults", "--socket=" + socket(), "--user=root",
                "--skip-dump-date", "--skip-comments", "--order-by-primary", database).redirectError(
                ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("mariadb-dump failed on test server " + port);
        }
        return out;
    }

    /** Stops the server cleanly, as a shutdown or a restart of the host does. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path socket() {
        return dir.resolve("sock");
    }

    private void startProcess() throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + data,
                "--socket=" + socket(), "--port=" + port, "--bind-address=127.0.0.1", "--user=root",
                "--pid-file=" + dir.resolve("pid"), "--log-error=" + dir.resolve("error.log"), "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=2",
                "--performance-schema=OFF"));
        argv.addAll(extra);
        process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("test server on port " + port + " did not start:\n"
                        + Files.readString(dir.resolve("error.log")));
            }
            Process ping = new ProcessBuilder("mariadb-admin", "--no-defaults", "--socket=" + socket(), "--user=root",
                    "ping").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (ping.waitFor() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("test server on port " + port + " not ready after 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static void run(List<String> argv, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed:\n" + Files.readString(log));
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for a server that writes a binlog, as the source of a backup must. */
    public static String[] withBinlog(String... more) {
        List<String> a = new ArrayList<>(List.of("--log-bin=binlog", "--server-id=1", "--binlog-format=ROW"));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }
}
