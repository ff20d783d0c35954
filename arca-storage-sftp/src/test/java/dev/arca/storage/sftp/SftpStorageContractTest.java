package dev.arca.storage.sftp;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Every clause of the storage contract, against a real OpenSSH server. */
class SftpStorageContractTest extends StorageContract {
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @RegisterExtension
    static final SshServer server = new SshServer();

    private Path repository;

    @Override
    protected Storage newStorage() throws IOException {
        String name = "repository-" + REPOSITORIES.incrementAndGet();
        repository = server.files().resolve(name);
        return server.open(name, server.userKey(), true);
    }

    /** A save killed before its rename leaves its temporary file, named as the driver names them. */
    @Override
    protected void leaveUnfinishedSave(ObjectKey key, byte[] written) throws IOException {
        Files.write(repository.resolve("tmp").resolve(key.kind().directory() + "-" + key.name()
                + "-00c0ffee00c0ffee.tmp"), written);
    }
}
