package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.log.LogFile;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * PostgreSQL's {@code archive_command} and {@code restore_command} for sites that archive WAL instead of
 * streaming it: {@code archive_command = 'arca wal-push --plan /etc/arca.yaml --system S --source N %p'}
 * and {@code restore_command = 'arca wal-fetch --plan ... %f %p'}.
 */
final class WalCommands {
    private WalCommands() {
    }

    /** What both commands need to find the stream. */
    static final class Stream {
        @Option(names = "--plan", paramLabel = "FILE", required = true, description = "The plan declaring the source.")
        Path plan;

        @Option(names = "--system", paramLabel = "NAME", required = true, description = "The system.")
        String system;

        @Option(names = "--source", paramLabel = "NAME", required = true, description = "The PostgreSQL source.")
        String source;

        String open(Arca arca, RepoOptions repo) {
            PlanContext ctx = PlanContext.load(arca, plan);
            repo.defaultingTo(arca, ctx);
            return ctx.one(Optional.of(system), Optional.of(source)).stream();
        }
    }

    @Command(name = "wal-push", description = "Store one finished WAL file (PostgreSQL archive_command).")
    static final class Push implements Callable<Integer> {
        @ParentCommand
        Arca arca;

        @Mixin
        RepoOptions repo;

        @Mixin
        Stream stream;

        @Parameters(paramLabel = "PATH", description = "The WAL file (%p).")
        Path file;

        @Override
        public Integer call() throws Exception {
            String name = stream.open(arca, repo);
            String log = file.getFileName().toString();
            long size = Files.size(file);
            try (Repository r = repo.open(arca)) {
                Optional<LogFile> stored = r.logs().file(name, log);
                if (stored.isPresent() && stored.get().complete()) {
                    if (stored.get().end() != size) {
                        throw new CliException(ExitCode.FAILURE, "WAL file " + log + " of " + name + " is already stored with "
                                + stored.get().end() + " bytes, and this one has " + size,
                                "two servers archive into the same source; give each its own source in the plan");
                    }
                    return ExitCode.OK; // PostgreSQL retries an archive it did not see succeed
                }
                try (InputStream in = Files.newInputStream(file)) {
                    r.logs().complete(name, log, in, size, arca.clock.instant());
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "wal-fetch", description = "Fetch one WAL file (PostgreSQL restore_command); exit 1 if it is not stored.")
    static final class Fetch implements Callable<Integer> {
        @ParentCommand
        Arca arca;

        @Mixin
        RepoOptions repo;

        @Mixin
        Stream stream;

        @Parameters(index = "0", paramLabel = "NAME", description = "The WAL file name (%f).")
        String log;

        @Parameters(index = "1", paramLabel = "DEST", description = "Where to write it (%p).")
        Path dest;

        @Override
        public Integer call() throws Exception {
            String name = stream.open(arca, repo);
            try (Repository r = repo.open(arca)) {
                Optional<LogFile> stored = r.logs().file(name, log).filter(LogFile::complete);
                if (stored.isEmpty()) {
                    return ExitCode.FAILURE; // "not there" is a normal answer to PostgreSQL, which asks ahead
                }
                Path tmp = dest.resolveSibling(dest.getFileName() + ".arca-tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    r.logs().copy(stored.get(), out);
                }
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return ExitCode.OK;
        }
    }
}
