package dev.arca.cli;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupProgress;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.names.NameBytes;
import dev.arca.repository.Repository;
import dev.arca.repository.snapshot.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca backup -r REPO PATH...}: a new snapshot of files, or of standard input with --stdin. */
@Command(name = "backup", description = "Back up files and directories (or standard input) into a repository.")
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files and directories to back up.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-e", "--exclude"}, paramLabel = "GLOB", description = "Leave out matching files (repeatable): "
            + "*.tmp matches names anywhere, /a/b/** whole paths, cache/ directories only.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--files-from", paramLabel = "FILE", description = "Also back up the paths listed in FILE, one "
            + "per line; blank lines and lines starting with # are skipped (repeatable).")
    List<Path> filesFrom = new ArrayList<>();

    @Option(names = "--host", paramLabel = "NAME", description = "Record NAME as the snapshot's host, and take the "
            + "parent from its snapshots (default: this machine's name).")
    String hostName;

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "Read exclude patterns from FILE, one "
            + "per line; blank lines and lines starting with # are skipped (repeatable).")
    List<Path> excludeFiles = new ArrayList<>();

    @Option(names = {"-x", "--one-file-system"}, description = "Stay on the file system of each PATH: directories "
            + "on other file systems (mount points) are kept empty.")
    boolean oneFileSystem;

    @Option(names = "--exclude-caches", description = "Leave out the contents of directories tagged by a "
            + "CACHEDIR.TAG file (bford.info/cachedir), keeping the tag.")
    boolean excludeCaches;

    @Option(names = {"-n", "--dry-run"}, description = "Read, chunk and hash as a backup would, but store nothing: "
            + "prints what would be added.")
    boolean dryRun;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag the snapshot (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--stdin", description = "Back up standard input as one file.")
    boolean stdin;

    @Option(names = "--stdin-filename", paramLabel = "NAME", defaultValue = "stdin", description = "File name for --stdin (default stdin).")
    String stdinFilename;

    @Option(names = "--source", paramLabel = "NAME",
            description = "What the snapshot is of, for grouping by retention (default files); with --plan, "
                    + "back up only this source of the plan.")
    String source;

    @Option(names = "--plan", paramLabel = "FILE", description = "Take the backups this plan declares "
            + "(files, PostgreSQL base backups, MariaDB dumps), into -r REPO or the plan's primary repository.")
    Path plan;

    @Option(names = "--system", paramLabel = "NAME", description = "With --plan: only this system's sources.")
    String system;

    @Option(names = "--logical", description = "With --plan: PostgreSQL sources get a logical pg_dump per database "
            + "(portable across versions) instead of a physical base backup.")
    boolean logical;

    @Override
    public Integer call() throws Exception {
        if (plan != null) {
            if (dryRun) {
                throw new CliException(ExitCode.USAGE, "--dry-run works on PATH... and --stdin, not on --plan", null);
            }
            if (stdin || !paths.isEmpty() || !filesFrom.isEmpty()) {
                throw new CliException(ExitCode.USAGE, "--plan takes no PATH, --files-from or --stdin",
                        "the plan says what to back up");
            }
            return new PlanBackup(arca, repo, PlanContext.load(arca, plan), logical).run(Optional.ofNullable(system),
                    Optional.ofNullable(source), tags);
        }
        if (system != null) {
            throw new CliException(ExitCode.USAGE, "--system needs --plan", null);
        }
        if (source == null) {
            source = "files";
        }
        for (Path list : filesFrom) {
            ListFile.read(list, "--files-from", "file list").forEach(e -> paths.add(e.exact() ? Path.of(e.text())
                    : NameBytes.parse(e.bytes()).orElse(Path.of(e.text()))));
        }
        if (stdin == !paths.isEmpty()) {
            throw new CliException(ExitCode.USAGE, stdin ? "--stdin takes no PATH" : "nothing to back up: give PATH... or --stdin", null);
        }
        List<String> patterns = ExcludePatterns.patterns(excludes, excludeFiles);
        if (hostName != null && hostName.isBlank()) {
            throw new CliException(ExitCode.USAGE, "--host: expected a host name, got '" + hostName + "'", null);
        }
        String host = hostName != null ? hostName : RepoOptions.host();
        String user = RepoOptions.user();
        BackupProgress progress = new BackupProgress();
        BackupResult result;
        try (Repository r = repo.open(arca); Archiver archiver = new Archiver(r)) {
            List<Path> absolute = ArgumentBytes.exact(paths).stream().map(p -> p.toAbsolutePath().normalize()).toList();
            Optional<Snapshot> parent = stdin ? Optional.empty() : parent(r, host, absolute);
            Duration wait = repo.lockWait();
            BackupOptions options = new BackupOptions(absolute, patterns, tags, parent, source, host, user, wait,
                    oneFileSystem, excludeCaches, dryRun);
            try (ProgressLine line = new ProgressLine(arca, "backed up", progress)) {
                result = stdin ? archiver.backupStream(arca.in, stdinFilename, options) : archiver.backup(options, progress);
            }
        }
        result.warnings().forEach(w -> arca.err.println("warning: " + w));
        Snapshot s = result.snapshot();
        Snapshot.Summary sum = s.summary();
        if (repo.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dry_run", dryRun);
            doc.put("snapshot", s.id());
            doc.put("parent", s.parent());
            doc.put("summary", sum);
            doc.put("warnings", result.warnings());
            arca.out.println(JsonOutput.write(doc));
        } else if (dryRun) {
            arca.out.printf("dry run, nothing stored: %d files (%s), %d unchanged, %d directories%n", sum.files(),
                    Sizes.bytes(sum.bytes()), sum.unchangedFiles(), sum.directories());
            arca.out.printf("would add %s of new data in %d blobs (before compression) in %s%n",
                    Sizes.bytes(sum.addedBytes()), sum.newBlobs(), Sizes.duration(Duration.ofMillis(sum.durationMillis())));
            if (result.partial()) {
                arca.out.printf("%s above (exit code 3)%n", PlanCommand.count(result.warnings().size(), "warning"));
            }
        } else {
            arca.out.printf("snapshot %s saved: %d files (%s), %d unchanged, %d directories%n", s.shortId(), sum.files(),
                    Sizes.bytes(sum.bytes()), sum.unchangedFiles(), sum.directories());
            arca.out.printf("added %s of new data (%s stored after compression and encryption) in %s%n",
                    Sizes.bytes(sum.addedBytes()), Sizes.bytes(sum.storedBytes()), Sizes.duration(Duration.ofMillis(sum.durationMillis())));
            if (result.partial()) {
                arca.out.printf("%s above: files not read are not in the snapshot (exit code 3)%n",
                        PlanCommand.count(result.warnings().size(), "warning"));
            }
        }
        return result.partial() ? ExitCode.PARTIAL : ExitCode.OK;
    }

    /** The newest snapshot of the same paths from the same host, as restic chooses its parent. */
    static Optional<Snapshot> parent(Repository r, String host, List<Path> absolute) throws Exception {
        List<String> wanted = absolute.stream().map(NameBytes::shown).sorted().toList();
        List<Snapshot> all = r.snapshots().list();
        for (int i = all.size() - 1; i >= 0; i--) {
            Snapshot s = all.get(i);
            if (host.equals(s.host()) && s.paths().stream().sorted().toList().equals(wanted)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
