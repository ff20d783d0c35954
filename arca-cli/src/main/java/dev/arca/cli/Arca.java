package dev.arca.cli;

import dev.arca.repository.PhaseTrace;
import dev.arca.storage.StorageRegistry;
import dev.arca.storage.local.LocalStorageProvider;
import dev.arca.storage.memory.MemoryStorageProvider;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code arca} command: the root of every sub-command, holding what they share (clock, output). */
// INHERIT gives every sub-command -h/--help (and -V) too: 'arca backup --help', as restic users type it.
@Command(name = "arca",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Arca.Version.class,
        description = "Arca turns a disaster-recovery plan into running backups, copies, checks and drills.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 failure, 2 usage, 3 partial,", "  10 no repository, 11 locked, 12 wrong password"})
public final class Arca implements Runnable {
    /** The commands the launcher gives a heap that grows (the arca script), which HeapGovernor keeps in check. */
    private static final java.util.Set<Class<?>> GROWING_HEAP =
            java.util.Set.of(CheckCommand.class, PruneCommand.class, ForgetCommand.class, CopyCommand.class);
    /**
     * The sub-commands, in the order help lists them. They are added when a command line is run, and
     * only the one it names when it names one: picocli builds each command's model by reflection, in
     * code the start-up cache cannot hold (picocli's classes target Java 5), and building all of them
     * cost every command 0.2-0.3 s.
     */
    private static final List<Class<?>> COMMANDS = List.of(InitCommand.class, BackupCommand.class,
            SnapshotsCommand.class, LsCommand.class, DiffCommand.class, StatsCommand.class, RestoreCommand.class,
            StreamCommand.class, RecoveryPointsCommand.class, WalCommands.Push.class, WalCommands.Fetch.class,
            StatusCommand.class, CopyCommand.class, CheckCommand.class, ForgetCommand.class, PruneCommand.class,
            KeyCommand.class, UnlockCommand.class, DemoCommand.class, PlanCommand.class, CommandLine.HelpCommand.class);

    final Clock clock;
    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> env;
    final InputStream in;
    /** Standard output as bytes, for restoring a file to it. */
    final OutputStream rawOut;
    /** Whether a person is watching: progress lines are shown only then. */
    final boolean interactive;
    final StorageRegistry storages = new StorageRegistry()
            .register(new LocalStorageProvider())
            .register(new MemoryStorageProvider())
            .register(Drivers.deferred("sftp", "dev.arca.storage.sftp.SftpStorageProvider"))
            .register(Drivers.deferred("s3", "dev.arca.storage.s3.S3StorageProvider"));

    /** Set when long-running commands (stream) should stop: by the shutdown hook, or by a test. */
    final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();

    @Spec
    CommandSpec spec;

    Arca(Clock clock, PrintWriter out, PrintWriter err, Map<String, String> env, InputStream in, OutputStream rawOut,
         boolean interactive) {
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.in = in;
        this.rawOut = rawOut;
        this.interactive = interactive;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'arca help'");
    }

    public static void main(String[] args) {
        PhaseTrace.mark("main");
        exitOnOutOfMemory();
        Class<?> command = named(args);
        if (command != null && GROWING_HEAP.contains(command)) {
            HeapGovernor.start(new HeapGovernor.Policy(1.5, 64L << 20));
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        // The launcher knows whether standard error is a terminal ([ -t 2 ]); Java 21 cannot ask portably.
        boolean interactive = "1".equals(System.getProperty("arca.tty"));
        int code;
        try {
            code = execute(args, new Arca(Clock.systemUTC(), out, err, System.getenv(), System.in, System.out, interactive));
        } catch (OutOfMemoryError e) {
            code = outOfMemory(err);
        }
        System.exit(code);
    }

    /**
     * The launcher's heap is small on purpose (docs/BENCHMARKS.md, "Peak memory"); what grows with a
     * repository's blob count (the index, and check's and prune's survey of it) is what can outgrow it.
     */
    private static int outOfMemory(PrintWriter err) {
        err.print(outOfMemoryMessage());
        err.flush();
        return ExitCode.FAILURE;
    }

    /**
     * Check and prune need the most heap per blob: in 92 MiB they passed at 411,367 blobs and ran out at
     * 514,454 (bench/scale.sh), so about 200 bytes per blob. The launcher gives them a heap that grows
     * to a quarter of the memory, and every other command 96 MiB, so the example is twice the heap that
     * ran out, and at least 512 MiB.
     */
    private static String outOfMemoryMessage() {
        return outOfMemoryMessage(Runtime.getRuntime().maxMemory());
    }

    static String outOfMemoryMessage(long heapBytes) {
        long mib = heapBytes >> 20;
        return "arca: out of memory: the Java heap (" + mib + " MiB) is too small for this job\n"
                + "HINT: give it more, e.g. ARCA_JAVA_OPTS=-Xmx" + Math.max(512, 2 * mib) + "m; check and prune "
                + "need about 200 MiB per million blobs (1 TiB of unique data)\n";
    }

    /**
     * Ends the process when any thread dies of an {@link OutOfMemoryError} that nothing caught. A pool
     * thread that dies that way takes its queued work with it, and whoever waits for that work waits
     * forever: a backup of a million blobs under the launcher's heap hung with its blob workers gone
     * ({@code bench/scale.sh}). The message and the stream are made now, because then there may be no
     * memory to make them; halting skips the shutdown hooks for the same reason (the lock goes stale).
     */
    static void exitOnOutOfMemory() {
        byte[] message = outOfMemoryMessage().getBytes(StandardCharsets.UTF_8);
        FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                try {
                    stderr.write(message);
                } catch (IOException | RuntimeException ignored) {
                    // The exit code still says it failed.
                }
                Runtime.getRuntime().halt(ExitCode.FAILURE);
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                // What the JVM prints when no handler is set (its thread group would call this handler again).
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        });
    }

    /** Runs one command line; tests pass an Arca with their own clock, environment and writers. */
    static int execute(String[] args, Arca arca) {
        PrintWriter out = arca.out;
        PrintWriter err = arca.err;
        CommandLine cl = new CommandLine(arca);
        Class<?> named = named(args);
        for (Class<?> command : COMMANDS) {
            if (named == null || command == named) {
                cl.addSubcommand(command);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, err));
        int code;
        try {
            code = cl.execute(args);
        } catch (UnsatisfiedLinkError e) {
            code = nativeLibraryFailure(e, err);
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The sub-command a command line names, or null when it names none (help, options only, a typo):
     * then every sub-command is added, so that help and picocli's suggestions see them all.
     */
    private static Class<?> named(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.stream()
                        .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(arg))
                        .findFirst().orElse(null);
            }
        }
        return null;
    }

    static int failure(Exception e, PrintWriter err) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return outOfMemory(err);
            }
            if (t instanceof UnsatisfiedLinkError u) {
                return nativeLibraryFailure(u, err);
            }
        }
        CliException c = e instanceof CliException ce ? ce : Failures.translate(e);
        if (c != null) {
            err.println("arca: " + c.getMessage());
            if (c.hint() != null) {
                err.println("HINT: " + c.hint());
            }
            return c.exitCode();
        }
        err.println("arca: unexpected error: " + e);
        if (System.getenv("ARCA_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("HINT: set ARCA_DEBUG=1 to see the stack trace, and report it");
        }
        return ExitCode.FAILURE;
    }

    /**
     * zstd-jni is the one library loaded through JNI (the foreign-function calls fall back to Java). Unless
     * told where it lies (the launcher does), it copies itself into the temporary directory to load from
     * there, which fails where that directory is mounted noexec, with an error naming the copy.
     */
    static int nativeLibraryFailure(UnsatisfiedLinkError e, PrintWriter err) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        err.println("arca: cannot load a native library: " + message);
        String copy = System.getProperty("ZstdNativePath");
        if (message.contains("zstd") && copy != null) {
            err.println("HINT: zstd-jni (compression) was told to load " + copy + " (ZstdNativePath); delete it,"
                    + " and the arca launcher copies it out of its jar again");
        } else if (message.contains("zstd")) {
            err.println("HINT: zstd-jni (compression) loads a copy of itself from the temporary directory ("
                    + System.getProperty("java.io.tmpdir") + "), which must allow running code (not mounted noexec);"
                    + " run arca through its launcher, which loads it from the installation, or choose another"
                    + " directory with ARCA_JAVA_OPTS=-Djava.io.tmpdir=DIR");
        } else {
            err.println("HINT: set ARCA_DEBUG=1 to see the stack trace, and report it");
        }
        if (System.getenv("ARCA_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return ExitCode.FAILURE;
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Arca.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"arca " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
        }
    }
}
