package dev.arca.storage.local;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.Storage;
import dev.arca.storage.StorageContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

class LocalStorageContractTest extends StorageContract {
    @TempDir
    Path directory;

    @Override
    protected Storage newStorage() throws IOException {
        return LocalStorage.open(directory.resolve("repository"), true);
    }

    /** A save killed before publishing leaves its temporary file, named as the driver names them. */
    @Override
    protected void leaveUnfinishedSave(ObjectKey key, byte[] written) throws IOException {
        Path area = ((LocalStorage) storage).temporaryArea();
        Files.write(area.resolve(key.kind().directory() + "-" + key.name() + "-00c0ffee00c0ffee.tmp"), written);
    }
}
