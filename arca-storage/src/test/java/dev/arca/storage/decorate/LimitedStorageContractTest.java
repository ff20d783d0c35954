package dev.arca.storage.decorate;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import dev.arca.storage.memory.MemoryStorage;

/** Fewer slots than the suite's threads, so that the contract also holds while callers queue. */
class LimitedStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return LimitedStorage.builder(new MemoryStorage()).concurrency(3).build();
    }
}
