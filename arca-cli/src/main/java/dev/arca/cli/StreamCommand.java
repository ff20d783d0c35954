package dev.arca.cli;

import dev.arca.plan.Source;
import dev.arca.protect.source.DatabaseSource;
import dev.arca.protect.source.StreamControl;
import dev.arca.plan.time.DurationText;
import dev.arca.repository.Repository;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca stream --plan FILE}: streams the transaction logs of every database source with
 * {@code logs: stream} into the repository until interrupted (Ctrl-C, SIGTERM), one thread per source.
 */
@Command(name = "stream", description = "Stream database logs (WAL, binlogs) into the repository until stopped.")
final class StreamCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Mixin
    PlanSelection selection;

    @Option(names = "--spool", paramLabel = "DIR", description = "Where the database tools write logs before they are "
            + "stored (default $ARCA_SPOOL, else ~/.cache/arca/spool).")
    Path spool;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "How often new log bytes are stored; bounds the RPO (default 1s).")
    String interval;

    @Override
    public Integer call() throws Exception {
        PlanContext ctx = selection.load(arca);
        Duration every = DurationText.parse(interval).filter(d -> !d.isZero() && !d.isNegative())
                .orElseThrow(() -> new CliException(ExitCode.USAGE, "--interval: expected a duration such as 1s or 500ms, got '"
                        + interval + "'", null));
        List<PlanContext.Selected> streams = selection.databases(ctx).stream()
                .filter(s -> logMode(s.spec()) == Source.LogMode.STREAM).toList();
        if (streams.isEmpty()) {
            throw new CliException(ExitCode.USAGE, "no database source with 'logs: stream' selected",
                    "set logs: stream on the plan's postgres/mariadb sources");
        }
        Path root = spool != null ? spool : Optional.ofNullable(arca.env.get("ARCA_SPOOL")).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".cache", "arca", "spool"));
        AtomicBoolean stop = arca.stop;
        CountDownLatch done = new CountDownLatch(streams.size());
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (Repository r = repo.defaultingTo(arca, ctx).open(arca)) {
            for (PlanContext.Selected s : streams) {
                DatabaseSource db = ctx.database(s);
                Path dir = root.resolve(s.stream().replace('/', '_'));
                Thread.ofPlatform().name("stream-" + s.stream()).start(() -> {
                    try {
                        db.stream(r, dir, new StreamControl(every, e -> event(s.stream(), e), stop));
                    } catch (Exception e) {
                        failures.add(s.stream() + ": " + e.getMessage());
                        event(s.stream(), "stopped by an error: " + e.getMessage());
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return failures.isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private void event(String stream, String text) {
        synchronized (arca.err) {
            arca.err.println(STAMP.format(arca.clock.instant()) + " " + stream + ": " + text);
            arca.err.flush();
        }
    }

    static Source.LogMode logMode(Source s) {
        return switch (s) {
            case Source.Postgres p -> p.logs();
            case Source.Mariadb m -> m.logs();
            default -> Source.LogMode.NONE;
        };
    }
}
