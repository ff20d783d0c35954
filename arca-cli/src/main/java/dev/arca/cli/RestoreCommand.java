package dev.arca.cli;

import dev.arca.protect.Progress;
import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.RestoreResult;
import dev.arca.protect.restore.Restorer;
import dev.arca.repository.Repository;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.snapshot.Snapshot;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca restore -r REPO SNAPSHOT --target DIR}: recreates a snapshot's files under DIR (their
 * absolute paths below it, as restic does), verifying every blob; {@code --target -} writes a single
 * file to standard output.
 */
@Command(name = "restore", description = "Restore a snapshot (or parts of it) into a directory, verifying every blob.")
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..1", description = "Snapshot id (prefix) or 'latest'.")
    String snapshot;

    @Option(names = {"-t", "--target"}, paramLabel = "DIR",
            description = "Where to restore; '-' writes the single file given by --include to standard output.")
    String target;

    @Option(names = "--plan", paramLabel = "FILE", description = "Point-in-time restore of a database source of this plan "
            + "(with --system, --source, --at and a target).")
    Path plan;

    @Option(names = "--system", paramLabel = "NAME", description = "With --plan: the system.")
    String system;

    @Option(names = "--source", paramLabel = "NAME", description = "With --plan: the database source.")
    String source;

    @Option(names = "--at", paramLabel = "TIME", description = "With --plan: 'latest', or a time such as "
            + "2026-11-26T14:05:00Z or '2026-11-26 14:05:00' (local time).")
    String at;

    @Option(names = "--target-dir", paramLabel = "DIR", description = "With --plan: an empty directory for the restored "
            + "data directory (PostgreSQL: started on port 5433 unless --target-url gives one; MariaDB: from a physical "
            + "backup, left stopped).")
    Path targetDir;

    @Option(names = "--target-url", paramLabel = "URL", description = "With --plan: the server to restore into or start "
            + "the restored server as, such as postgres://postgres@127.0.0.1:5433 or mariadb://root@127.0.0.1:3307.")
    String targetUrl;

    @Option(names = {"-i", "--include"}, paramLabel = "PATH", description = "Restore only this path of the snapshot (repeatable).")
    List<String> include = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (plan != null) {
            if (snapshot != null || target != null) {
                throw new CliException(ExitCode.USAGE, "--plan restores by time: give --at instead of SNAPSHOT, and "
                        + "--target-dir/--target-url instead of --target", null);
            }
            return new PlanRestore(arca, repo, PlanContext.load(arca, plan)).run(system, source, at, targetDir, targetUrl);
        }
        if (snapshot == null || target == null) {
            throw new CliException(ExitCode.USAGE, "give SNAPSHOT and --target DIR", "or --plan FILE --system S --source N --at TIME");
        }
        // Typed with bytes that are not UTF-8, a path is matched in the form arca ls shows it.
        include = include.stream().map(ArgumentBytes::shown).toList();
        try (Repository r = repo.open(arca);
             HeldLock lock = r.locks(RepoOptions.host(), RepoOptions.user()).acquire(false, "restore", repo.lockWait())) {
            Snapshot s = r.snapshots().find(snapshot, null);
            if (target.equals("-")) {
                if (include.size() != 1) {
                    throw new CliException(ExitCode.USAGE, "--target - needs exactly one --include PATH naming a file", null);
                }
                try {
                    new Restorer(r, RestoreOptions.defaults()).restoreFile(s, include.get(0), arca.rawOut);
                } catch (NoSuchFileException e) {
                    throw notInSnapshot(e, s);
                }
                arca.rawOut.flush();
                return ExitCode.OK;
            }
            Progress progress = new Progress();
            long start = System.nanoTime();
            RestoreResult result;
            try (ProgressLine line = new ProgressLine(arca, "restored", progress)) {
                result = new Restorer(r, RestoreOptions.defaults().withInclude(include).withProgress(progress))
                        .restore(s, ArgumentBytes.exact(target));
            } catch (NoSuchFileException e) {
                throw notInSnapshot(e, s);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            result.warnings().forEach(w -> arca.err.println("warning: " + w));
            result.damaged().forEach(d -> arca.err.println("damaged: " + d.path() + ": " + d.reason()));
            if (repo.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("snapshot", s.id());
                doc.put("target", target);
                doc.put("files", result.files());
                doc.put("directories", result.directories());
                doc.put("bytes", result.bytes());
                doc.put("damaged", result.damaged());
                doc.put("warnings", result.warnings());
                arca.out.println(JsonOutput.write(doc));
            } else {
                arca.out.printf("restored snapshot %s to %s: %d files, %d directories, %s in %s%n", s.shortId(), target,
                        result.files(), result.directories(), Sizes.bytes(result.bytes()), Sizes.duration(took));
                if (!result.damaged().isEmpty()) {
                    arca.out.printf("%d files could not be restored intact (listed above); exit code 3%n", result.damaged().size());
                }
            }
            return result.partial() ? ExitCode.PARTIAL : ExitCode.OK;
        }
    }

    /** An --include path the snapshot does not hold: say where to look up the paths it does. */
    private static Exception notInSnapshot(NoSuchFileException e, Snapshot s) {
        if (e.getReason() == null || !e.getReason().startsWith("not in snapshot")) {
            return e;
        }
        return new CliException(ExitCode.FAILURE, e.getFile() + ": " + e.getReason(), "'arca ls -r REPO "
                + s.shortId() + "' lists the paths it holds; --include takes them as listed there");
    }
}
