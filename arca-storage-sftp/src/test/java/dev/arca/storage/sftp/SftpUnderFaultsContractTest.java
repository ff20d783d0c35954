package dev.arca.storage.sftp;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import dev.arca.storage.decorate.Fault;
import dev.arca.storage.decorate.FaultyStorage;
import dev.arca.storage.decorate.Operation;
import dev.arca.storage.decorate.RetryingStorage;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contract again, with transient failures and lost replies between a retrying decorator and the SFTP
 * driver: the stack that a backup really uses must look like a healthy storage.
 */
class SftpUnderFaultsContractTest extends StorageContract {
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @RegisterExtension
    static final SshServer server = new SshServer();

    @Override
    protected Storage newStorage() throws IOException {
        String name = "repository-" + REPOSITORIES.incrementAndGet();
        Storage sftp = server.open(name, server.userKey(), true);
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
