package dev.arca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca init [DIR]}: writes a commented starter plan with the standard tiers and retention. */
@Command(name = "init", description = "Write a commented starter plan, DIR/arca.yaml (DIR defaults to the current directory).")
final class InitCommand implements Callable<Integer> {
    static final String STARTER = "starter-plan.yaml";

    @ParentCommand
    Arca arca;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "Where to write arca.yaml.")
    Path dir;

    @Override
    public Integer call() {
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
