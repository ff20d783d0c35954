package dev.arca.storage.decorate;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import dev.arca.storage.memory.MemoryStorage;

/** Fault injection must change nothing until a fault is injected. */
class FaultyStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return FaultyStorage.wrap(new MemoryStorage());
    }
}
