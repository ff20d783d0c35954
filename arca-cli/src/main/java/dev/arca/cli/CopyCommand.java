package dev.arca.cli;

import dev.arca.protect.copy.Copier;
import dev.arca.protect.copy.CopyOptions;
import dev.arca.protect.copy.CopyResult;
import dev.arca.protect.copy.LogCopy;
import dev.arca.protect.copy.SnapshotCopy;
import dev.arca.protect.copy.UnrelatedRepositoryException;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.ObjectCipher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca copy --from SOURCE --to TARGET [SNAPSHOT...]}: copies the snapshots (all by default) and
 * database logs the target lacks into a repository created with {@code arca init --like SOURCE}. The
 * target is unlocked like any repository (-r or --to, --password-file, $ARCA_PASSWORD); the source with
 * its own password options.
 */
@Command(name = "copy", description = {"Copy snapshots (default: all) and database logs that TARGET lacks from SOURCE, "
        + "sending only missing blobs. TARGET must have been created with 'arca init -r TARGET --like SOURCE'."})
final class CopyCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Mixin
    SourceOptions from;

    @Option(names = "--from", required = true, paramLabel = "SOURCE", description = "The repository to copy from.")
    String source;

    @Option(names = "--to", paramLabel = "TARGET", description = "The repository to copy into (the same as -r); default $ARCA_REPOSITORY.")
    String to;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshot ids, id prefixes or 'latest' in SOURCE; default all.")
    List<String> snapshots = new ArrayList<>();

    @Option(names = "--plan", paramLabel = "FILE", description = "SOURCE and TARGET may be the plan's repository names, and "
            + "without SNAPSHOT only the snapshots TARGET's retention keeps are copied (an archive tier gets its yearlies).")
    java.nio.file.Path plan;

    @Override
    public Integer call() throws Exception {
        dev.arca.plan.Retention retention = null;
        if (plan != null) {
            dev.arca.plan.Plan p = PlanContext.load(arca, plan).plan();
            String targetName = to != null ? to : repo.repo;
            if (targetName != null && p.repositories().containsKey(targetName)) {
                retention = p.retentionFor(targetName);
                to = p.repositories().get(targetName).url();
                repo.repo = null;
            }
            if (p.repositories().containsKey(source)) {
                source = p.repositories().get(source).url();
            }
        }
        if (to != null) {
            if (repo.repo != null && !repo.repo.equals(to)) {
                throw new CliException(ExitCode.USAGE, "--to '" + to + "' and -r '" + repo.repo + "' name different targets",
                        "give the target once, with --to");
            }
            repo.repo = to;
        }
        ObjectCipher.warmUp(); // every blob sent is opened and sealed again
        CopyResult result;
        try (Repository s = from.open(arca, source, repo); Repository t = repo.open(arca)) {
            Copier copier;
            try {
                copier = new Copier(s, t, CopyOptions.defaults(RepoOptions.host(), RepoOptions.user()).withLockWait(repo.lockWait()));
            } catch (UnrelatedRepositoryException e) {
                throw new CliException(ExitCode.FAILURE, e.getMessage(), "init the target with --like: 'arca init -r NEW_TARGET --like "
                        + source + "', then copy into it");
            }
            List<String> chosen = snapshots;
            if (snapshots.isEmpty() && retention != null && !retention.keepsEverything()) {
                chosen = keptBy(retention, s);
                if (chosen.isEmpty()) {
                    arca.out.println("the target's retention keeps none of the source's snapshots; nothing to copy");
                }
            }
            result = copier.copy(chosen);
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(json(result)));
        } else {
            print(result);
        }
        if (!result.partial()) {
            return ExitCode.OK;
        }
        boolean nothingCopied = result.count(SnapshotCopy.Outcome.FAILED) == result.snapshots().size()
                && result.logs().piecesSent() == 0;
        return nothingCopied ? ExitCode.FAILURE : ExitCode.PARTIAL;
    }

    /** The source snapshots that the target's retention would keep, so that only those travel. */
    private List<String> keptBy(dev.arca.plan.Retention retention, Repository s) throws java.io.IOException {
        List<dev.arca.plan.retention.SnapshotRef> refs = new ArrayList<>();
        for (dev.arca.repository.snapshot.Snapshot snap : s.snapshots().list()) {
            refs.add(new dev.arca.plan.retention.SnapshotRef(snap.id(), snap.time(), ForgetCommand.group(snap),
                    java.util.Set.copyOf(snap.tags())));
        }
        return new dev.arca.plan.retention.RetentionPolicy(retention, java.time.ZoneId.systemDefault(), java.util.Set.of())
                .decide(refs, arca.clock.instant()).stream().filter(dev.arca.plan.retention.Decision::keep)
                .map(d -> d.snapshot().id()).toList();
    }

    private void print(CopyResult r) {
        for (SnapshotCopy c : r.snapshots()) {
            switch (c.outcome()) {
                case COPIED -> arca.out.printf("snapshot %s copied as %s: %d blobs sent (%s), %d already there%n", shortId(c.source()),
                        shortId(c.target()), c.blobsSent(), Sizes.bytes(c.bytesSent()), c.blobsSkipped());
                case PRESENT -> arca.out.printf("snapshot %s already in the target as %s%n", shortId(c.source()), shortId(c.target()));
                case FAILED -> arca.err.println("arca: " + c.error());
            }
        }
        LogCopy logs = r.logs();
        logs.errors().forEach(e -> arca.err.println("arca: log piece not copied: " + e));
        if (r.partial()) {
            arca.err.println("HINT: run 'arca check --read-data -r " + source + "' to see what is damaged there; "
                    + "everything else was copied, and a rerun sends only what is still missing");
        }
        if (logs.piecesSent() + logs.piecesSkipped() + logs.errors().size() > 0) {
            arca.out.printf("logs: %d pieces sent (%s), %d already there%n", logs.piecesSent(), Sizes.bytes(logs.bytesSent()),
                    logs.piecesSkipped());
        }
        double seconds = Math.max(r.duration().toNanos(), 1) / 1e9;
        arca.out.printf(Locale.ROOT, "copied %d snapshots (%d already there, %d failed): %d blobs sent (%s) in %s, %s/s; %d blobs already there%n",
                r.count(SnapshotCopy.Outcome.COPIED), r.count(SnapshotCopy.Outcome.PRESENT), r.count(SnapshotCopy.Outcome.FAILED),
                r.blobsSent(), Sizes.bytes(r.bytesSent()), Sizes.duration(r.duration()), Sizes.bytes((long) (r.bytesSent() / seconds)),
                r.blobsSkipped());
    }

    private static Map<String, Object> json(CopyResult r) {
        List<Map<String, Object>> snapshots = new ArrayList<>();
        for (SnapshotCopy c : r.snapshots()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", c.source());
            m.put("target", c.target());
            m.put("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
            m.put("blobs_sent", c.blobsSent());
            m.put("bytes_sent", c.bytesSent());
            m.put("blobs_skipped", c.blobsSkipped());
            m.put("error", c.error());
            snapshots.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("snapshots", snapshots);
        doc.put("logs", r.logs());
        doc.put("copied", r.count(SnapshotCopy.Outcome.COPIED));
        doc.put("present", r.count(SnapshotCopy.Outcome.PRESENT));
        doc.put("failed", r.count(SnapshotCopy.Outcome.FAILED));
        doc.put("blobs_sent", r.blobsSent());
        doc.put("bytes_sent", r.bytesSent());
        doc.put("blobs_skipped", r.blobsSkipped());
        doc.put("duration_millis", r.duration().toMillis());
        return doc;
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(8, id.length()));
    }
}
