package dev.arca.protect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.protect.source.StreamControl;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** What the PostgreSQL stream tests share: a repository with cheap key slots, a stream on its own thread, waiting. */
final class PgStreamFixture {
    private PgStreamFixture() {
    }

    static Repository repository(Storage storage) throws IOException {
        Repository.InitOptions d = Repository.InitOptions.defaults("host", "tester");
        return Repository.init(storage, "pw".toCharArray(), new Repository.InitOptions(new ScryptParams(1 << 10, 8, 1),
                d.compressionLevel(), d.packSize(), d.chunks(), d.host(), d.user()), Clock.systemUTC());
    }

    /** Streams until {@code stop} is set; events go to {@code events}, a failure as one starting with FAILED. */
    static Thread stream(PostgresSource source, Repository repo, Path spool, Duration interval, List<String> events,
            AtomicBoolean stop) {
        return Thread.ofPlatform().start(() -> {
            try {
                source.stream(repo, spool, new StreamControl(interval, events::add, stop));
            } catch (Exception e) {
                events.add("FAILED: " + e);
            }
        });
    }

    static void waitFor(BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 300 && !cond.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(cond.getAsBoolean()).as("condition within 30 s").isTrue();
    }
}
