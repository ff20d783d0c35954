package dev.arca.protect.postgres;

import dev.arca.protect.source.ExternalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where PostgreSQL's programs are: on {@code PATH}, else in the newest {@code /usr/lib/postgresql/N/bin}
 * (Debian keeps {@code pg_ctl} and {@code initdb} out of {@code PATH}).
 */
public final class PostgresTools {
    private final List<Path> extraDirs;

    private PostgresTools(List<Path> extraDirs) {
        this.extraDirs = extraDirs;
    }

    /** Looks in {@code bin} first, then as {@link #system()} does. */
    public static PostgresTools in(Path bin) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(bin);
        dirs.addAll(debianDirs());
        return new PostgresTools(dirs);
    }

    public static PostgresTools system() {
        return new PostgresTools(debianDirs());
    }

    private static List<Path> debianDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
                    .map(p -> p.resolve("bin")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The program's path; a missing program is an error that says what to install. */
    public Path path(String program) {
        // Debian's PATH has wrappers only for client programs; the versioned directory has them all.
        for (Path dir : extraDirs) {
            Path p = dir.resolve(program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return ExternalCommand.find(program, List.of()).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL program " + program + " not found on PATH or in /usr/lib/postgresql/*/bin"
                        + "\nHINT: install the PostgreSQL client and server packages (Debian: postgresql-15)"));
    }
}
