package dev.arca.repository;

import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.time.Clock;

/** Repositories for tests: weak scrypt parameters so that opening takes milliseconds. */
public final class TestRepositories {
    public static final char[] PASSWORD = "correct horse".toCharArray();

    private TestRepositories() {
    }

    public static Repository.InitOptions fastOptions() {
        Repository.InitOptions d = Repository.InitOptions.defaults("test-host", "tester");
        return new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1), d.compressionLevel(), d.packSize(), d.chunks(),
                d.host(), d.user());
    }

    public static Repository init(Storage storage) throws IOException {
        return Repository.init(storage, PASSWORD, fastOptions(), Clock.systemUTC());
    }

    public static Repository open(Storage storage) throws IOException {
        try {
            return Repository.open(storage, PASSWORD, Clock.systemUTC());
        } catch (WrongPasswordException e) {
            throw new AssertionError(e);
        }
    }
}
