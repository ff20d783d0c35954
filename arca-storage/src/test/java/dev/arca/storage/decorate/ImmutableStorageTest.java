package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectLockedException;
import dev.arca.storage.local.LocalStorage;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImmutableStorageTest {
    @TempDir
    Path dir;

    @Test
    void refusesToRemoveAnObjectYoungerThanThePeriodAndAllowsItAfterwards() throws IOException {
        LocalStorage local = LocalStorage.open(dir.resolve("repo"), true);
        ObjectKey key = ObjectKey.of(ObjectKind.SNAPSHOTS, "a1");
        local.save(key, new byte[] {1});
        Instant stored = Instant.parse("2026-11-01T00:00:00Z");
        Files.setLastModifiedTime(dir.resolve("repo/snapshots/a1"), FileTime.from(stored));
        ImmutableStorage day29 = new ImmutableStorage(local, Duration.ofDays(30),
                Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));

        assertThatThrownBy(() -> day29.remove(key))
                .isInstanceOf(ObjectLockedException.class)
                .hasMessage(local.location() + ": snapshots/a1: cannot remove: the object is immutable until "
                        + "2026-12-01T00:00:00Z (repository immutable for 30 days)");
        assertThat(local.stat(key)).isPresent();

        new ImmutableStorage(local, Duration.ofDays(30), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))
                .remove(key);
        assertThat(local.stat(key)).isEmpty();
    }

    @Test
    void locksStayRemovableAndUnknownStorageTimesAreKept() throws IOException {
        MemoryStorage memory = new MemoryStorage();
        ImmutableStorage guard = new ImmutableStorage(memory, Duration.ofDays(7), Clock.systemUTC());
        ObjectKey lock = ObjectKey.of(ObjectKind.LOCKS, "l1");
        ObjectKey pack = ObjectKey.of(ObjectKind.DATA, "p1");
        memory.save(lock, new byte[] {1});
        memory.save(pack, new byte[] {2});

        guard.remove(lock);
        guard.remove(ObjectKey.of(ObjectKind.DATA, "missing"));

        assertThat(memory.stat(lock)).isEmpty();
        assertThatThrownBy(() -> guard.remove(pack)).isInstanceOf(ObjectLockedException.class)
                .hasMessage(memory.location() + ": data/p1: cannot remove: the repository is immutable for 7 days and this "
                        + "storage does not say when the object was stored");
    }

    @Test
    void theRetryingDecoratorPassesALockedAnswerOnAtOnce() throws IOException {
        MemoryStorage memory = new MemoryStorage();
        ObjectKey pack = ObjectKey.of(ObjectKind.DATA, "p1");
        memory.save(pack, new byte[] {2});
        FakeTime time = new FakeTime();
        RetryingStorage retrying = RetryingStorage.builder(new ImmutableStorage(memory, Duration.ofDays(7), Clock.systemUTC()))
                .sleeper(time).build();

        assertThatThrownBy(() -> retrying.remove(pack)).isInstanceOf(ObjectLockedException.class);
        assertThat(time.sleeps()).isEmpty();
    }
}
