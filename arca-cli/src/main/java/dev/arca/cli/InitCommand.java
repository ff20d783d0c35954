package dev.arca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import dev.arca.repository.Repository;
import dev.arca.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca init -r REPO} creates a repository; {@code arca init [DIR]} writes a commented starter
 * plan with the standard tiers and retention.
 */
@Command(name = "init", description = {"Create a repository (with -r REPO), or write a commented starter plan "
        + "DIR/arca.yaml (DIR defaults to the current directory)."})
final class InitCommand implements Callable<Integer> {
    static final String STARTER = "starter-plan.yaml";

    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "Where to write arca.yaml.")
    Path dir;

    @Option(names = "--immutable-days", paramLabel = "N", defaultValue = "0", description = "With -r: nothing but "
            + "locks may be removed from the repository until N days after it was stored (forget and prune keep it).")
    int immutableDays;

    @Override
    public Integer call() throws Exception {
        if (repo.repo != null) {
            return initRepository();
        }
        return writePlan();
    }

    private Integer initRepository() throws Exception {
        if (dir != null) {
            throw new CliException(ExitCode.USAGE, "give either -r REPO (a repository) or DIR (a starter plan), not both", null);
        }
        if (immutableDays < 0 || immutableDays > 36500) {
            throw new CliException(ExitCode.USAGE, "--immutable-days: expected a whole number of days from 0 to 36500, got '"
                    + immutableDays + "'", null);
        }
        try (Storage storage = repo.storage(arca, true);
             Repository r = Repository.init(storage, repo.password(arca),
                     Repository.InitOptions.defaults(RepoOptions.host(), RepoOptions.user()).immutableFor(immutableDays), arca.clock)) {
            if (repo.json) {
                arca.out.println(JsonOutput.write(java.util.Map.of("id", r.config().id(), "location", storage.location())));
            } else {
                arca.out.println("created repository " + r.config().id().substring(0, 8) + " at " + storage.location());
                arca.out.println("keep the password safe: without it the data cannot be read by anyone, Arca included");
            }
        }
        return ExitCode.OK;
    }

    private Integer writePlan() {
        Path target = (dir == null ? Path.of(".") : dir).resolve("arca.yaml");
        try (InputStream in = InitCommand.class.getResourceAsStream(STARTER)) {
            if (in == null) {
                throw new IllegalStateException(STARTER + " is missing from the arca jar");
            }
            byte[] text = in.readAllBytes();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.write(target, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCode.FAILURE, "'" + target + "' already exists; not overwriting it",
                    "edit it, or write the starter plan elsewhere with 'arca init DIR'");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot write '" + target + "': " + e.getMessage(), null);
        }
        arca.out.println("wrote " + target + ": a starter plan with the standard tiers and retention");
        arca.out.println("next: edit its systems and repositories, then run 'arca plan check " + target + "'");
        return ExitCode.OK;
    }
}
