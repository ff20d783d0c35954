package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.storage.Storage;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How to unlock the second repository of {@code init --like} and {@code copy}: the source. Its password
 * defaults to the target's, since one operator often keeps both under one password.
 */
final class SourceOptions {
    static final String PASSWORD_ENV = "ARCA_FROM_PASSWORD";

    @Option(names = "--from-password-file", paramLabel = "FILE",
            description = "Read the source repository's password from FILE; default $ARCA_FROM_PASSWORD, else the target's password.")
    Path passwordFile;

    char[] password(Arca arca, RepoOptions target) {
        if (passwordFile != null) {
            RepoOptions file = new RepoOptions();
            file.passwordFile = passwordFile;
            return file.password(arca);
        }
        String env = arca.env.get(PASSWORD_ENV);
        return env != null ? env.toCharArray() : target.password(arca);
    }

    /** Opens the source at {@code location}; a wrong password is reported as the source's, not the target's. */
    Repository open(Arca arca, String location, RepoOptions target) throws Exception {
        Storage storage = arca.storages.open(location, false);
        try {
            return Repository.open(storage, password(arca, target), arca.clock);
        } catch (WrongPasswordException e) {
            storage.close();
            throw new CliException(ExitCode.WRONG_PASSWORD, "source repository '" + location + "': " + e.getMessage(),
                    "set " + PASSWORD_ENV + " or pass --from-password-file FILE; without them the target's password is tried");
        } catch (Exception e) {
            storage.close();
            throw e;
        }
    }
}
