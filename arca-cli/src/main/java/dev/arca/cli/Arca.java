package dev.arca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code arca} command: the root of every sub-command, holding what they share (clock, output). */
@Command(name = "arca",
        mixinStandardHelpOptions = true,
        versionProvider = Arca.Version.class,
        description = "Arca turns a disaster-recovery plan into running backups, copies, checks and drills.",
        subcommands = {PlanCommand.class, InitCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 failure, 2 usage, 3 partial,", "  10 no repository, 11 locked, 12 wrong password"})
public final class Arca implements Runnable {
    final Clock clock;
    final PrintWriter out;
    final PrintWriter err;

    @Spec
    CommandSpec spec;

    Arca(Clock clock, PrintWriter out, PrintWriter err) {
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'arca help'");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, Clock.systemUTC(), out, err));
    }

    /** Runs one command line; the entry point for tests, which pass their own clock and writers. */
    static int execute(String[] args, Clock clock, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Arca(clock, out, err));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, err));
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int failure(Exception e, PrintWriter err) {
        if (e instanceof CliException c) {
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
