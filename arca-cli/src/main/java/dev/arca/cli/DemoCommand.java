package dev.arca.cli;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupProgress;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.restore.RestoreOptions;
import dev.arca.protect.restore.RestoreResult;
import dev.arca.protect.restore.Restorer;
import dev.arca.repository.Repository;
import dev.arca.repository.check.CheckOptions;
import dev.arca.repository.check.CheckResult;
import dev.arca.repository.check.Checker;
import dev.arca.repository.check.DataSelection;
import dev.arca.repository.crypto.ScryptParams;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.local.LocalStorage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca demo}: the newcomer's first run. On a generated service-desk data set it backs up,
 * changes data, backs up again, loses everything, restores, checks the repository and proves the
 * restore byte for byte — the whole promise of the tool, in a few seconds and with no setup.
 */
@Command(name = "demo", description = "Back up, lose and restore a small service-desk data set, end to end, with no setup.")
final class DemoCommand implements Callable<Integer> {
    private static final char[] PASSWORD = "arca-demo".toCharArray();

    @ParentCommand
    Arca arca;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work here instead of a new temporary directory.")
    Path dir;

    @Option(names = "--keep", description = "Keep the data, repository and restore afterwards.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("arca-demo-");
        Path data = work.resolve("servicedesk").toAbsolutePath();
        Path repoDir = work.resolve("repository");
        Path restored = work.resolve("restored");
        boolean ok;
        try {
            ok = run(data, repoDir, restored);
        } finally {
            if (!keep) {
                delete(work);
            }
        }
        arca.out.println(keep ? "kept everything in " + work : "cleaned up " + work + " (use --keep to look around)");
        return ok ? ExitCode.OK : ExitCode.FAILURE;
    }

    private boolean run(Path data, Path repoDir, Path restored) throws Exception {
        var out = arca.out;
        out.println("Arca demo: a service desk's files, backed up, lost and restored");
        DemoData demo = new DemoData(data);
        int files = demo.create();
        out.printf("  data:        %s (%d files, %s: attachments, settings, logs, a database)%n", data, files, Sizes.bytes(size(data)));
        out.printf("  repository:  %s (deduplicated, compressed, AES-256-GCM encrypted)%n", repoDir);
        try (Storage storage = LocalStorage.open(repoDir, true)) {
            Repository.InitOptions defaults = Repository.InitOptions.defaults(RepoOptions.host(), RepoOptions.user());
            Repository.init(storage, PASSWORD, new Repository.InitOptions(ScryptParams.DEFAULT, defaults.compressionLevel(),
                    defaults.packSize(), defaults.chunks(), defaults.host(), defaults.user()), arca.clock).close();

            long t = System.nanoTime();
            Snapshot first = backup(storage, data, Optional.empty());
            out.printf("1. backup            snapshot %s: %d files, %s read, %s stored   %s%n", first.shortId(),
                    first.summary().files(), Sizes.bytes(first.summary().bytes()), Sizes.bytes(first.summary().storedBytes()), since(t));

            out.printf("2. a day passes      %s%n", demo.change());
            t = System.nanoTime();
            Snapshot second = backup(storage, data, Optional.of(first));
            out.printf("3. backup again      snapshot %s: %d of %d files unchanged and not read again, %s new, %s stored   %s%n",
                    second.shortId(), second.summary().unchangedFiles(), second.summary().files(),
                    Sizes.bytes(second.summary().addedBytes()), Sizes.bytes(second.summary().storedBytes()), since(t));

            Map<String, String> before = DemoData.manifest(data);
            delete(data);
            out.printf("4. disaster          %s is gone%n", data);

            t = System.nanoTime();
            RestoreResult restore;
            try (Repository r = open(storage)) {
                restore = new Restorer(r, RestoreOptions.defaults()).restore(r.snapshots().find("latest", null), restored);
            }
            out.printf("5. restore latest    %d files, %s, every blob verified   %s%n", restore.files(), Sizes.bytes(restore.bytes()), since(t));

            t = System.nanoTime();
            CheckResult check;
            try (Repository r = open(storage)) {
                check = new Checker(r).check(CheckOptions.structure().withReadData(DataSelection.all()),
                        r.locks(RepoOptions.host(), RepoOptions.user()));
            }
            out.printf("6. check --read-data %d packs, %d blobs authenticated: %s   %s%n", check.counts().packsRead(),
                    check.counts().blobsRead(), check.ok() ? "no errors" : check.errors().size() + " ERRORS", since(t));
            check.errors().forEach(arca.err::println);

            Path copy = restored.resolve(data.toString().substring(1));
            Map<String, String> after = DemoData.manifest(copy);
            long same = before.entrySet().stream().filter(e -> e.getValue().equals(after.get(e.getKey()))).count();
            boolean identical = same == before.size() && after.size() == before.size();
            out.printf("7. verify            %d of %d files identical to the originals (SHA-256): %s%n", same, before.size(),
                    identical ? "restore is exact" : "MISMATCH");

            long stored = storage.list(ObjectKind.DATA).stream().mapToLong(ObjectInfo::size).sum()
                    + storage.list(ObjectKind.INDEX).stream().mapToLong(ObjectInfo::size).sum();
            long logical = first.summary().bytes() + second.summary().bytes();
            out.printf("repository holds %s for %s of files backed up in 2 snapshots: %.1fx less through deduplication and compression%n",
                    Sizes.bytes(stored), Sizes.bytes(logical), (double) logical / stored);
            boolean databases;
            try (Repository r = open(storage)) {
                DemoDatabase db = new DemoDatabase(out, r, repoDir.getParent());
                databases = db.sqlite() & db.postgres();
            }
            return identical && check.ok() && restore.damaged().isEmpty() && databases;
        }
    }

    private Snapshot backup(Storage storage, Path data, Optional<Snapshot> parent) throws Exception {
        try (Repository r = open(storage); Archiver archiver = new Archiver(r)) {
            BackupOptions options = new BackupOptions(List.of(data), List.of(), List.of("demo"), parent, "files",
                    RepoOptions.host(), RepoOptions.user(), Duration.ZERO);
            BackupResult result = archiver.backup(options, new BackupProgress());
            return result.snapshot();
        }
    }

    private Repository open(Storage storage) throws Exception {
        return Repository.open(storage, PASSWORD, arca.clock);
    }

    private static String since(long start) {
        return "(" + Sizes.duration(Duration.ofNanos(System.nanoTime() - start)) + ")";
    }

    private static long size(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
