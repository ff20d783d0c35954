package dev.arca.cli;

import dev.arca.plan.time.DurationText;
import dev.arca.repository.Repository;
import dev.arca.storage.Storage;
import java.io.Console;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every repository command shares: where the repository is and how to unlock it. */
final class RepoOptions {
    @Option(names = {"-r", "--repo"}, paramLabel = "REPO",
            description = "Repository path or URL (file:///..., sftp://..., s3://...); default $ARCA_REPOSITORY.")
    String repo;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from FILE; default $ARCA_PASSWORD, else a prompt on a terminal.")
    Path passwordFile;

    @Option(names = "--json", description = "Print machine-readable JSON.")
    boolean json;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "0s",
            description = "Wait up to DURATION (such as 10m) for a conflicting lock to go away.")
    String lockWait;

    String location(Arca arca) {
        String r = repo != null ? repo : arca.env.get("ARCA_REPOSITORY");
        if (r == null || r.isBlank()) {
            throw new CliException(ExitCode.USAGE, "no repository given", "pass -r REPO or set ARCA_REPOSITORY");
        }
        return r;
    }

    /** Uses the plan's repository unless -r or ARCA_REPOSITORY names one. */
    RepoOptions defaultingTo(Arca arca, PlanContext plan) {
        if (repo == null) {
            repo = plan.repository(java.util.Optional.ofNullable(arca.env.get("ARCA_REPOSITORY")));
        }
        return this;
    }

    Storage storage(Arca arca, boolean create) throws IOException {
        return arca.storages.open(location(arca), create);
    }

    char[] password(Arca arca) {
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                return text.strip().toCharArray();
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILURE, "cannot read password file '" + passwordFile + "': " + e.getMessage(),
                        "give a readable file holding the password");
            }
        }
        String env = arca.env.get("ARCA_PASSWORD");
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console != null && arca.interactive) {
            char[] typed = console.readPassword("password for %s: ", location(arca));
            if (typed != null) {
                return typed;
            }
        }
        throw new CliException(ExitCode.USAGE, "no password given", "set ARCA_PASSWORD or pass --password-file FILE");
    }

    Duration lockWait() {
        return DurationText.parse(lockWait).orElseThrow(() -> new CliException(ExitCode.USAGE,
                "--lock-wait: expected a duration such as 30s or 10m, got '" + lockWait + "'", null));
    }

    Repository open(Arca arca) throws Exception {
        Storage storage = storage(arca, false);
        try {
            return Repository.open(storage, password(arca), arca.clock);
        } catch (Exception e) {
            storage.close();
            throw e;
        }
    }

    /**
     * The machine's host name, as restic takes it (gethostname). Linux has it in /proc without a lookup;
     * InetAddress.getLocalHost resolves the name through NSS first, which took 40 ms of every command.
     */
    static String host() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    static String user() {
        return System.getProperty("user.name", "unknown");
    }
}
