package dev.arca.storage.sftp;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Every clause of the storage contract, against a real OpenSSH server. */
class SftpStorageContractTest extends StorageContract {
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @TempDir
    static Path directory;
    static SshServer server;

    private Path repository;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(directory);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** A provider that uses the server's throwaway keys, never the developer's own ~/.ssh. */
    static SftpStorageProvider provider(SshServer server, Path key) {
        return new SftpStorageProvider(Map.of(SftpLocation.IDENTITY_VARIABLE, key.toString(),
                SftpLocation.KNOWN_HOSTS_VARIABLE, server.knownHosts().toString()),
                server.files().resolve("home"), SshServer.user());
    }

    @Override
    protected Storage newStorage() throws IOException {
        String name = "repository-" + REPOSITORIES.incrementAndGet();
        repository = server.files().resolve(name);
        return provider(server, server.userKey()).open(URI.create(server.url(name)), true);
    }

    /** A save killed before its rename leaves its temporary file, named as the driver names them. */
    @Override
    protected void leaveUnfinishedSave(ObjectKey key, byte[] written) throws IOException {
        Files.write(repository.resolve("tmp").resolve(key.kind().directory() + "-" + key.name()
                + "-00c0ffee00c0ffee.tmp"), written);
    }
}
