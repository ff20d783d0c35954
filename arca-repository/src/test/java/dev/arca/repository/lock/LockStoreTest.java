package dev.arca.repository.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.Repository;
import dev.arca.repository.TestRepositories;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.memory.MemoryStorage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LockStoreTest {
    private final MemoryStorage storage = new MemoryStorage();

    private LockStore store(Repository r, Clock clock, String host) {
        return new LockStore(r.objects(), clock, host, "tester");
    }

    @Test
    void sharedLocksCoexistAndExclusiveWaitsForThem() throws IOException {
        try (Repository r = TestRepositories.init(storage)) {
            LockStore locks = store(r, Clock.systemUTC(), "other-host");
            try (HeldLock a = locks.acquire(false, "backup", Duration.ZERO); HeldLock b = locks.acquire(false, "backup", Duration.ZERO)) {
                assertThat(storage.list(ObjectKind.LOCKS)).hasSize(2);
                assertThatThrownBy(() -> locks.acquire(true, "prune", Duration.ZERO))
                        .isInstanceOf(RepositoryLockedException.class)
                        .hasMessageStartingWith("repository is locked by shared lock for 'backup' by tester@other-host (pid "
                                + ProcessHandle.current().pid() + ")");
            }
            try (HeldLock p = locks.acquire(true, "prune", Duration.ZERO)) {
                assertThatThrownBy(() -> locks.acquire(false, "backup", Duration.ZERO))
                        .hasMessageStartingWith("repository is locked by exclusive lock for 'prune'");
            }
            assertThat(storage.list(ObjectKind.LOCKS)).isEmpty();
        }
    }

    @Test
    void aLockNotRefreshedForThirtyMinutesIsStaleAndCanBeRemoved() throws IOException {
        try (Repository r = TestRepositories.init(storage)) {
            Instant t0 = Instant.parse("2026-11-26T09:00:00Z");
            LockStore then = store(r, Clock.fixed(t0, ZoneOffset.UTC), "other-host");
            HeldLock abandoned = then.acquire(true, "prune", Duration.ZERO);
            LockStore now = store(r, Clock.fixed(t0.plus(Duration.ofMinutes(31)), ZoneOffset.UTC), "other-host");
            try (HeldLock backup = now.acquire(false, "backup", Duration.ZERO)) {
                assertThat(backup.lock().operation()).isEqualTo("backup");
            }
            assertThat(now.removeStale(false)).extracting(Lock::operation).containsExactly("prune");
            assertThat(storage.list(ObjectKind.LOCKS)).isEmpty();
            abandoned.close();
        }
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsStale() throws IOException {
        try (Repository r = TestRepositories.init(storage)) {
            Lock dead = new Lock("x", true, "prune", "this-host", Long.MAX_VALUE - 1, null, "tester", Instant.now(), Instant.now());
            assertThat(dead.isStale(Instant.now(), "this-host")).isTrue();
            assertThat(dead.isStale(Instant.now(), "another-host")).isFalse();
        }
    }

    @Test
    void aLockWhoseProcessIdWasReusedByAnotherProcessIsStale() {
        ProcessHandle me = ProcessHandle.current();
        Instant myStart = me.info().startInstant().orElseThrow();
        Instant now = Instant.now();

        Lock mine = new Lock("x", false, "backup", "this-host", me.pid(), myStart, "tester", now, now);
        Lock killedEarlier = new Lock("y", false, "backup", "this-host", me.pid(), myStart.minusSeconds(600), "tester", now, now);
        Lock writtenBeforeStartTimes = new Lock("z", false, "backup", "this-host", me.pid(), null, "tester", now, now);

        assertThat(mine.isStale(now, "this-host")).isFalse();
        assertThat(killedEarlier.isStale(now, "this-host")).as("this process only has the dead holder's id").isTrue();
        assertThat(writtenBeforeStartTimes.isStale(now, "this-host")).isFalse();
        assertThat(killedEarlier.isStale(now, "another-host")).isFalse();
    }

    @Test
    void aLockTakenHereRecordsWhenThisProcessStarted() throws IOException {
        try (Repository r = TestRepositories.init(storage);
             HeldLock held = store(r, Clock.systemUTC(), "h").acquire(false, "backup", Duration.ZERO)) {
            assertThat(held.lock().started()).isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow());
            assertThat(held.lock().isStale(Instant.now(), "h")).isFalse();
            held.refresh();
            assertThat(held.lock().started()).isEqualTo(ProcessHandle.current().info().startInstant().orElseThrow());
        }
    }

    @Test
    void refreshReplacesTheLockWithoutOverwriting() throws IOException {
        try (Repository r = TestRepositories.init(storage)) {
            try (HeldLock held = store(r, Clock.systemUTC(), "h").acquire(false, "backup", Duration.ZERO)) {
                String before = held.lock().name();
                held.refresh();
                assertThat(held.lock().name()).isNotEqualTo(before);
                assertThat(storage.list(ObjectKind.LOCKS)).extracting(i -> i.key().name()).containsExactly(held.lock().name());
            }
        }
    }
}
