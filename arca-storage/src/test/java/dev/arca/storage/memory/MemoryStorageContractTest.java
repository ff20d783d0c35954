package dev.arca.storage.memory;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;

class MemoryStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage();
    }
}
