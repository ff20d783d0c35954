package dev.arca.cli;

import dev.arca.repository.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * Which snapshots a command considers, as restic's {@code --host}, {@code --tag} and {@code --path}
 * choose them: each option is repeatable and passes a snapshot matching any of its values, and the
 * options combine. A repository holds many hosts' and sources' snapshots.
 */
final class SnapshotFilter implements Predicate<Snapshot> {
    @Option(names = "--host", paramLabel = "NAME", description = "Only snapshots of this host (repeatable: any of them).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "Only snapshots with this tag (repeatable: any of them).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH", description = "Only snapshots that backed up this path (repeatable: "
            + "any of them).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--source", paramLabel = "NAME", description = "Only snapshots of this source, such as files or "
            + "ticketing/db (repeatable: any of them).")
    List<String> sources = new ArrayList<>();

    @Override
    public boolean test(Snapshot s) {
        List<String> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        return (hosts.isEmpty() || hosts.contains(s.host()))
                && (tags.isEmpty() || s.tags().stream().anyMatch(tags::contains))
                && (absolute.isEmpty() || s.paths().stream().anyMatch(absolute::contains))
                && (sources.isEmpty() || sources.contains(s.source()));
    }
}
