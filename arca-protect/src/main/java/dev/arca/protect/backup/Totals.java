package dev.arca.protect.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Counts files and bytes to back up, alongside the backup, so progress can show an ETA. */
final class Totals {
    private Totals() {
    }

    static void scan(BackupOptions options, BackupProgress progress) {
        Excludes excludes = new Excludes(options.excludes());
        try {
            for (Path p : options.paths()) {
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (Thread.currentThread().isInterrupted()) {
                            return FileVisitResult.TERMINATE;
                        }
                        return excludes.excludes(dir, true) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && !excludes.excludes(file, false)) {
                            progress.addToTotals(1, attrs.size());
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
            progress.totalsComplete();
        } catch (IOException e) {
            // Totals only feed the progress line; the backup itself reports unreadable files.
        }
    }
}
