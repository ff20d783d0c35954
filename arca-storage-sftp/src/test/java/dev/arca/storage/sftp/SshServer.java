package dev.arca.storage.sftp;

import dev.arca.storage.Storage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1, with throwaway host and user keys, for tests that must meet the
 * server the driver meets in production rather than an emulation of it.
 *
 * <p>It authorises two user keys for the current user: {@link #userKey()} with the full SFTP subsystem and
 * {@link #appendOnlyKey()}, bound by a key option to {@code internal-sftp} without the requests that remove
 * or replace files, as an administrator protects a repository from stolen backup credentials.
 *
 * <p>A test class registers one as a static extension; it starts before the class's tests and is killed after.
 */
public final class SshServer implements BeforeAllCallback, AfterAllCallback {
    /** The SFTP requests an append-only credential may not make (names as {@code sftp-server -Q requests}). */
    static final String DENIED = "remove,rmdir,setstat,fsetstat,lsetstat,posix-rename";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START_LIMIT = Duration.ofSeconds(10);

    private Path directory;
    private int port;
    private Process process;

    /** Generates keys and configuration in a fresh directory and starts sshd on a free port. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install Debian's openssh-server and"
                    + " openssh-client (apt-get install openssh-server openssh-client)");
        }
        directory = Files.createTempDirectory("arca-sshd-");
        port = freePort();
        configure();
        launch();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        kill();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Opens the repository {@code name} below {@link #files()}, logging in with {@code key}. */
    public Storage open(String name, Path key, boolean create) throws IOException {
        return provider(key).open(URI.create(url(name)), create);
    }

    /** A provider that uses this server's throwaway keys, never the developer's own ~/.ssh. */
    SftpStorageProvider provider(Path key) {
        return new SftpStorageProvider(Map.of(SftpLocation.IDENTITY_VARIABLE, key.toString(),
                SftpLocation.KNOWN_HOSTS_VARIABLE, knownHosts().toString()), files().resolve("home"), user());
    }

    /** Scratch space beside the server's files, for known-hosts variants and such. */
    public Path directory() {
        return directory;
    }

    public int port() {
        return port;
    }

    /** The user that the keys log in as: whoever runs the tests (root in CI). */
    public static String user() {
        return System.getProperty("user.name");
    }

    public Path userKey() {
        return directory.resolve("user_ed25519");
    }

    public Path appendOnlyKey() {
        return directory.resolve("append_ed25519");
    }

    /** A key that the server does not know. */
    Path strangerKey() {
        return directory.resolve("stranger_ed25519");
    }

    /** A known_hosts file holding this server's host key, as {@code ssh-keyscan} writes it. */
    public Path knownHosts() {
        return directory.resolve("known_hosts");
    }

    /** The host key's public half, to compare fingerprints in assertions. */
    Path hostPublicKey() {
        return directory.resolve("host_ed25519.pub");
    }

    /** Where repositories may be made: a directory that only the tests use. */
    public Path files() {
        return directory.resolve("files");
    }

    /** The URL of {@code path} below {@link #files()}. */
    public String url(String path) {
        return "sftp://" + user() + "@127.0.0.1:" + port + files().resolve(path);
    }

    /**
     * Kills sshd and every session process it forked, as a crash or a reboot of the server would: open
     * connections die mid-request rather than being closed politely.
     */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle child : process.descendants().toList()) {
            child.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        }
        process = null;
    }

    /** Starts sshd again on the same port with the same keys, as the restarted server would. */
    void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    private void configure() throws IOException, InterruptedException {
        Files.createDirectories(files());
        for (String key : List.of("host_ed25519", "user_ed25519", "append_ed25519", "stranger_ed25519")) {
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f", directory.resolve(key).toString());
        }
        Files.writeString(directory.resolve("authorized_keys"),
                read("user_ed25519.pub")
                        + "restrict,command=\"internal-sftp -P " + DENIED + "\" " + read("append_ed25519.pub"));
        Files.writeString(directory.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + directory.resolve("host_ed25519"),
                "AuthorizedKeysFile " + directory.resolve("authorized_keys"),
                "PidFile " + directory.resolve("sshd.pid"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                "LogLevel ERROR",
                ""));
        String[] host = read("host_ed25519.pub").trim().split(" ");
        Files.writeString(knownHosts(), "[127.0.0.1]:" + port + " " + host[0] + " " + host[1] + "\n");
        // Privilege separation needs this directory; a fresh container or CI machine may lack it.
        Path privsep = Path.of("/run/sshd");
        if (!Files.isDirectory(privsep) && "root".equals(user())) {
            Files.createDirectories(privsep);
        }
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", directory.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("sshd.log").toFile()))
                .start();
        Instant limit = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(limit)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("sshd.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("sshd did not listen on port " + port + " within " + START_LIMIT);
    }

    private String read(String file) throws IOException {
        return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (child.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
