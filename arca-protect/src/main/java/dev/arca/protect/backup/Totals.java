package dev.arca.protect.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
                Object device = options.oneFileSystem() ? Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS) : null;
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        if (Thread.currentThread().isInterrupted()) {
                            return FileVisitResult.TERMINATE;
                        }
                        if (excludes.excludes(dir, true) || options.oneFileSystem()
                                && !device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (options.excludeCaches() && CacheDirTag.marks(dir)) {
                            Path tag = dir.resolve(CacheDirTag.NAME);
                            if (!excludes.excludes(tag, false)) {
                                progress.addToTotals(1, Files.size(tag));
                            }
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
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
