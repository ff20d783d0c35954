package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.Snapshot;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code arca snapshots -r REPO [--host H] [--tag T] [--path P] [--source S]}: the snapshots, oldest first. */
@Command(name = "snapshots", description = "List snapshots, oldest first.")
final class SnapshotsCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Mixin
    SnapshotFilter filter;

    @Override
    public Integer call() throws Exception {
        List<Snapshot> all;
        try (Repository r = repo.open(arca)) {
            all = r.snapshots().list().stream().filter(filter).toList();
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(all.stream().map(SnapshotsCommand::json).toList()));
            return ExitCode.OK;
        }
        arca.out.printf("%-8s  %-19s  %-12s  %-10s  %10s  %s%n", "ID", "Time", "Host", "Source", "Size", "Paths");
        for (Snapshot s : all) {
            String tags = s.tags().isEmpty() ? "" : "  [" + String.join(",", s.tags()) + "]";
            arca.out.printf("%-8s  %-19s  %-12s  %-10s  %10s  %s%s%n", s.shortId(), TIME.format(s.time().atZone(ZoneId.systemDefault())),
                    s.host(), s.source(), Sizes.bytes(s.summary() == null ? 0 : s.summary().bytes()), String.join(" ", s.paths()), tags);
        }
        arca.out.println(all.size() + (all.size() == 1 ? " snapshot" : " snapshots"));
        return ExitCode.OK;
    }

    static java.util.Map<String, Object> json(Snapshot s) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", s.id());
        m.put("short_id", s.shortId());
        m.put("time", s.time());
        m.put("host", s.host());
        m.put("user", s.user());
        m.put("source", s.source());
        m.put("paths", s.paths());
        m.put("tags", s.tags());
        m.put("tree", s.tree());
        m.put("parent", s.parent());
        m.put("summary", s.summary());
        return m;
    }
}
