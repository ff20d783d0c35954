package dev.arca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.arca.repository.Repository;
import dev.arca.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca init -r REPO} creates a repository ({@code --like SOURCE}: a copy target of SOURCE);
 * {@code arca init [DIR]} writes a commented starter plan with the standard tiers and retention.
 */
@Command(name = "init", description = {"Create a repository (with -r REPO), or write a commented starter plan "
        + "DIR/arca.yaml (DIR defaults to the current directory)."})
final class InitCommand implements Callable<Integer> {
    static final String STARTER = "starter-plan.yaml";

    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Mixin
    SourceOptions from;

    @Option(names = "--like", paramLabel = "SOURCE", description = {"Create a copy target of SOURCE: the same blob ids and "
            + "chunking, so that 'arca copy' sends only the blobs it lacks, but its own encryption key and password."})
    String like;

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
        if (like != null || from.passwordFile != null) {
            throw new CliException(ExitCode.USAGE, "--like and --from-password-file create a repository: they need -r TARGET", null);
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
        if (like == null && from.passwordFile != null) {
            throw new CliException(ExitCode.USAGE, "--from-password-file unlocks the repository of --like SOURCE; give --like too", null);
        }
        Repository.InitOptions options = Repository.InitOptions.defaults(RepoOptions.host(), RepoOptions.user())
                .immutableFor(immutableDays);
        // The source is opened first, so that a wrong source password leaves no empty target behind.
        try (Repository source = like == null ? null : from.open(arca, like, repo);
             Storage storage = repo.storage(arca, true);
             Repository r = source == null ? Repository.init(storage, repo.password(arca), options, arca.clock)
                     : Repository.initLike(storage, repo.password(arca), source, options, arca.clock)) {
            if (repo.json) {
                Map<String, String> doc = new LinkedHashMap<>();
                doc.put("id", r.config().id());
                doc.put("location", storage.location());
                if (source != null) {
                    doc.put("like", source.config().id());
                }
                arca.out.println(JsonOutput.write(doc));
            } else {
                arca.out.println("created repository " + r.config().id().substring(0, 8) + " at " + storage.location());
                if (source != null) {
                    arca.out.println("like " + source.config().id().substring(0, 8) + " at " + like + ": the same blob ids and "
                            + "chunking, its own encryption key; 'arca copy --from " + like + " --to " + repo.repo
                            + "' sends only what it lacks");
                }
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
