package dev.arca.storage.local;

import dev.arca.storage.Storage;

import java.io.IOException;

/** The whole contract again on the fallback for file systems without hard links: check, then rename. */
class LocalRenameStorageContractTest extends LocalStorageContractTest {

    @Override
    protected Storage newStorage() throws IOException {
        return LocalStorage.open(directory.resolve("repository"), true, ContentWriter.DIRECT, false);
    }
}
