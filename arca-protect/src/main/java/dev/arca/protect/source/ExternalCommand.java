package dev.arca.protect.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A database tool run as a child process ({@code pg_basebackup}, {@code mariadb-dump}, ...): its standard
 * error is kept (the last lines) for the error message, and a failure says which command failed, how,
 * and what it printed. Passwords go through the environment, never the command line, which other users
 * of the host can read.
 */
public final class ExternalCommand {
    private static final int KEPT_LINES = 20;

    private final List<String> argv;
    private final Map<String, String> env;
    private final Optional<Path> directory;

    private ExternalCommand(List<String> argv, Map<String, String> env, Optional<Path> directory) {
        this.argv = List.copyOf(argv);
        this.env = Map.copyOf(env);
        this.directory = directory;
    }

    public static ExternalCommand of(List<String> argv) {
        return new ExternalCommand(argv, Map.of(), Optional.empty());
    }

    public ExternalCommand env(String name, String value) {
        Map<String, String> e = new TreeMap<>(env);
        e.put(name, value);
        return new ExternalCommand(argv, e, directory);
    }

    public ExternalCommand in(Path dir) {
        return new ExternalCommand(argv, env, Optional.of(dir));
    }

    public List<String> argv() {
        return argv;
    }

    /** The command as an operator would type it (passwords are never part of it). */
    public String display() {
        return String.join(" ", argv);
    }

    /** A started command; its standard error is collected in the background. */
    public final class Running implements AutoCloseable {
        private final Process process;
        private final Deque<String> lastLines = new ArrayDeque<>();
        private final Thread errReader;

        private Running(Process process, Consumer<String> errLines) {
            this.process = process;
            this.errReader = Thread.ofPlatform().daemon().name("stderr-" + program()).start(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (lastLines) {
                            lastLines.addLast(line);
                            if (lastLines.size() > KEPT_LINES) {
                                lastLines.removeFirst();
                            }
                        }
                        errLines.accept(line);
                    }
                } catch (IOException e) {
                    // The process is gone; what was read is kept.
                }
            });
        }

        public Process process() {
            return process;
        }

        public InputStream stdout() {
            return process.getInputStream();
        }

        public OutputStream stdin() {
            return process.getOutputStream();
        }

        /** What the command printed on standard error last, up to 20 lines. */
        public List<String> errorTail() {
            synchronized (lastLines) {
                return new ArrayList<>(lastLines);
            }
        }

        /** Waits for the end and fails with the command's own words if it did not succeed. */
        public void waitOk() throws IOException {
            int code;
            try {
                code = process.waitFor();
                errReader.join(2000);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException(program() + " interrupted");
            }
            if (code != 0) {
                throw new CommandFailedException(display(), code, errorTail());
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private String program() {
        return Path.of(argv.getFirst()).getFileName().toString();
    }

    /** Starts the command; standard output is the caller's to read. */
    public Running start(Consumer<String> errLines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        directory.ifPresent(d -> pb.directory(d.toFile()));
        try {
            return new Running(pb.start(), errLines);
        } catch (IOException e) {
            throw new IOException("cannot run " + program() + ": " + e.getMessage()
                    + "\nHINT: install the database's client tools, or put them on PATH", e);
        }
    }

    /** Runs the command to the end, discarding standard output, and returns its standard error lines. */
    public List<String> run() throws IOException {
        List<String> all = new ArrayList<>();
        try (Running r = start(line -> {
            synchronized (all) {
                all.add(line);
            }
        })) {
            r.stdout().transferTo(OutputStream.nullOutputStream());
            r.waitOk();
        }
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Runs the command to the end and returns its standard output lines. */
    public List<String> runOutput() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Running r = start(line -> { })) {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
            r.waitOk();
        }
        return lines;
    }

    /** Finds a tool: on PATH, or in the given directories (a PostgreSQL version's bin directory). */
    public static Optional<Path> find(String name, List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>(extraDirs);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }
}
