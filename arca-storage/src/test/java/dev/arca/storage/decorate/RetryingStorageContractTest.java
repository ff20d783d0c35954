package dev.arca.storage.decorate;

import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import dev.arca.storage.memory.MemoryStorage;

/** A retrying storage over a healthy driver must be indistinguishable from the driver. */
class RetryingStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return RetryingStorage.builder(new MemoryStorage())
                .sleeper(duration -> {
                    throw new AssertionError("a healthy storage never needs a retry, yet one waited " + duration);
                })
                .build();
    }
}
