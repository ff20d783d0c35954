package dev.arca.cli;

import dev.arca.plan.Source;
import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupProgress;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.DatabaseSource;
import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code arca backup --plan FILE}: one snapshot per selected source, each under its
 * {@code <system>/<source>} name. A failing source does not stop the others; the exit code says that
 * one failed.
 */
final class PlanBackup {
    private final Arca arca;
    private final RepoOptions repo;
    private final PlanContext plan;
    private final boolean logical;

    PlanBackup(Arca arca, RepoOptions repo, PlanContext plan, boolean logical) {
        this.arca = arca;
        this.repo = repo.defaultingTo(arca, plan);
        this.plan = plan;
        this.logical = logical;
    }

    int run(Optional<String> system, Optional<String> source, List<String> tags) throws Exception {
        List<PlanContext.Selected> selected = plan.sources(system, source);
        List<Map<String, Object>> report = new ArrayList<>();
        int failed = 0;
        int partial = 0;
        try (Repository r = repo.open(arca)) {
            for (PlanContext.Selected s : selected) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("source", s.stream());
                row.put("type", s.spec().type());
                try {
                    BackupResult result = backup(r, s, tags);
                    Snapshot snap = result.snapshot();
                    row.put("snapshot", snap.id());
                    row.put("summary", snap.summary());
                    if (snap.consistency() != null) {
                        row.put("consistency", JsonOutput.snakeCaseKeys(snap.consistency()));
                    }
                    row.put("warnings", result.warnings());
                    if (result.partial()) {
                        partial++;
                    }
                    if (!repo.json) {
                        result.warnings().forEach(w -> arca.err.println("warning: " + s.stream() + ": " + w));
                        arca.out.printf("%s: snapshot %s saved (%s, %s read, %s added) in %s%n", s.stream(), snap.shortId(),
                                s.spec().type(), Sizes.bytes(snap.summary().bytes()), Sizes.bytes(snap.summary().addedBytes()),
                                Sizes.duration(Duration.ofMillis(snap.summary().durationMillis())));
                    }
                } catch (CliException e) {
                    throw e;
                } catch (Exception e) {
                    failed++;
                    row.put("error", e.getMessage());
                    if (!repo.json) {
                        arca.err.println("error: " + s.stream() + ": " + e.getMessage());
                    }
                }
                report.add(row);
            }
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(Map.of("backups", report)));
        } else if (selected.isEmpty()) {
            arca.out.println("nothing to back up: the selection has no sources");
        }
        if (failed > 0) {
            return ExitCode.FAILURE;
        }
        return partial > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    }

    private BackupResult backup(Repository r, PlanContext.Selected s, List<String> tags) throws Exception {
        String host = RepoOptions.host();
        String user = RepoOptions.user();
        Duration wait = repo.lockWait();
        return switch (s.spec()) {
            case Source.Files f -> {
                List<Path> paths = f.paths().stream().map(p -> Path.of(p).toAbsolutePath().normalize()).toList();
                Optional<Snapshot> parent = BackupCommand.parent(r, host, paths);
                BackupOptions options = new BackupOptions(paths, f.excludes(), tags, parent, s.stream(), host, user, wait,
                        f.oneFileSystem(), f.excludeCaches(), false);
                try (Archiver archiver = new Archiver(r)) {
                    yield archiver.backup(options, new BackupProgress());
                }
            }
            case Source.Sqlite q -> new dev.arca.protect.sqlite.SqliteBackup(Path.of(q.path())).run(r,
                    new BackupOptions(List.of(), List.of(), tags, Optional.empty(), s.stream(), host, user, wait));
            case Source.Postgres p when logical -> ((dev.arca.protect.postgres.PostgresSource) plan.database(s)).dump(r,
                    new BackupOptions(List.of(), List.of(), tags, Optional.empty(), s.stream(), host, user, wait));
            default -> {
                DatabaseSource db = plan.database(s);
                yield db.backup(r, new BackupOptions(List.of(), List.of(), tags, Optional.empty(), s.stream(), host, user, wait));
            }
        };
    }
}
