package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.chunker.ChunkSizes;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code init --like}: same blob ids and chunking as the source, its own encryption key and password. */
class InitLikeTest {
    private static final char[] OTHER = "another password".toCharArray();

    @Test
    void aLikeRepositorySharesIdsAndChunkingButNotTheEncryptionKey() throws Exception {
        MemoryStorage sourceStorage = new MemoryStorage();
        MemoryStorage targetStorage = new MemoryStorage();
        Repository.InitOptions small = new Repository.InitOptions(TestRepositories.fastOptions().kdf(), 3, 1 << 20,
                new ChunkSizes(16 << 10, 64 << 10, 256 << 10), "h", "u");
        try (Repository source = Repository.init(sourceStorage, TestRepositories.PASSWORD, small, Clock.systemUTC());
             Repository target = Repository.initLike(targetStorage, OTHER, source, TestRepositories.fastOptions(), Clock.systemUTC());
             Repository unrelated = TestRepositories.init(new MemoryStorage())) {
            byte[] data = "the same chunk".getBytes(StandardCharsets.UTF_8);
            assertThat(target.hasher().hash(data)).isEqualTo(source.hasher().hash(data));
            assertThat(target.config().chunks()).isEqualTo(small.chunks());
            assertThat(target.config().id()).isNotEqualTo(source.config().id());
            assertThat(target.masterKey().encryptionKey()).isNotEqualTo(source.masterKey().encryptionKey());
            assertThat(target.masterKey().chunkerSecret()).isEqualTo(source.masterKey().chunkerSecret());
            assertThat(target.sharesBlobIdsWith(source)).isTrue();
            assertThat(unrelated.sharesBlobIdsWith(source)).isFalse();
            // The target's objects are sealed with its own key: the source's cannot open them.
            byte[] config = targetStorage.load(ObjectKey.of(ObjectKind.CONFIG, "config"));
            assertThatThrownBy(() -> source.objects().open(ObjectKey.of(ObjectKind.CONFIG, "config"), config))
                    .isInstanceOf(CorruptObjectException.class);
        }
        assertThatThrownBy(() -> Repository.open(targetStorage, TestRepositories.PASSWORD, Clock.systemUTC()))
                .isInstanceOf(WrongPasswordException.class);
        Repository.open(targetStorage, OTHER, Clock.systemUTC()).close();
    }

    @Test
    void initLikeRefusesAnExistingRepository() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        try (Repository source = TestRepositories.init(new MemoryStorage())) {
            TestRepositories.init(storage).close();
            assertThatThrownBy(() -> Repository.initLike(storage, OTHER, source, TestRepositories.fastOptions(), Clock.systemUTC()))
                    .isInstanceOf(RepositoryExistsException.class);
        }
    }
}
