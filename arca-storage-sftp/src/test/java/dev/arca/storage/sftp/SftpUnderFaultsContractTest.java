package dev.arca.storage.sftp;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.decorate.RetryingStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contract again, with transient failures and lost replies between a retrying decorator and the SFTP
 * driver: the stack that a backup really uses must look like a healthy storage.
 */
class SftpUnderFaultsContractTest extends StorageContract {
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @TempDir
    static Path directory;
    static SshServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(directory);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Storage newStorage() throws IOException {
        String name = "repository-" + REPOSITORIES.incrementAndGet();
        Storage sftp = SftpStorageContractTest.provider(server, server.userKey())
                .open(URI.create(server.url(name)), true);
        // Saves are not faulted here: after any failed attempt RetryingStorage takes an existing object of the
        // same size as its own (names are content hashes), so the contract's race of different contents under
        // one name would count a second winner. SftpServerFaultTest breaks saves for real instead.
        FaultyStorage faulty = FaultyStorage.wrap(sftp)
                .inject(Fault.fail().on(Operation.LOAD, Operation.STAT, Operation.LIST).after(1).times(2))
                .inject(Fault.lostReply().on(Operation.REMOVE).times(1))
                .inject(Fault.lostReply().on(Operation.LOAD, Operation.LIST).after(4).times(1));
        return RetryingStorage.builder(faulty).sleeper(duration -> { }).build();
    }
}
