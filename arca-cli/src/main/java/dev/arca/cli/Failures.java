package dev.arca.cli;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.NoRepositoryException;
import dev.arca.repository.RepositoryExistsException;
import dev.arca.repository.UnsupportedFormatException;
import dev.arca.repository.crypto.WrongPasswordException;
import dev.arca.repository.lock.RepositoryLockedException;
import dev.arca.repository.snapshot.SnapshotNotFoundException;
import dev.arca.storage.StorageNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Maps the failures of the layers below to messages, hints and the documented exit codes. */
final class Failures {
    private Failures() {
    }

    /** The user-facing form of a failure, or {@code null} for a bug (which gets the generic report). */
    static CliException translate(Exception e) {
        return switch (e) {
            case NoRepositoryException x -> new CliException(ExitCode.NO_REPOSITORY, x.getMessage(),
                    "check -r/--repo (or ARCA_REPOSITORY), or create one with 'arca init -r REPO'");
            case StorageNotFoundException x -> new CliException(ExitCode.NO_REPOSITORY, x.getMessage(),
                    "check -r/--repo (or ARCA_REPOSITORY), or create one with 'arca init -r REPO'");
            case RepositoryExistsException x -> new CliException(ExitCode.FAILURE, x.getMessage(),
                    "use it as it is, or choose another location");
            case WrongPasswordException x -> new CliException(ExitCode.WRONG_PASSWORD, x.getMessage(),
                    "check ARCA_PASSWORD or --password-file; 'arca key list' shows the key slots");
            case RepositoryLockedException x -> new CliException(ExitCode.LOCKED, x.getMessage(),
                    "wait for it to finish, pass --lock-wait DURATION, or if that process is gone run 'arca unlock -r REPO'");
            case SnapshotNotFoundException x -> new CliException(ExitCode.FAILURE, x.getMessage(), null);
            case UnsupportedFormatException x -> new CliException(ExitCode.FAILURE, x.getMessage(), null);
            case CorruptObjectException x -> new CliException(ExitCode.FAILURE, x.getMessage(),
                    "run 'arca check --read-data' to see everything that is damaged and what it affects");
            case NoSuchFileException x -> new CliException(ExitCode.FAILURE, x.getFile()
                    + (x.getReason() == null ? ": no such file or directory" : ": " + x.getReason()), null);
            case IOException x when String.valueOf(x.getMessage()).contains("No space left on device") -> new CliException(
                    ExitCode.FAILURE, x.getMessage(), "free space on the repository's disk; what was stored before is intact, "
                    + "and 'arca prune' removes what the failed run left");
            case IOException x -> new CliException(ExitCode.FAILURE, x.getMessage(), null);
            case IllegalArgumentException x -> new CliException(ExitCode.USAGE, x.getMessage(), null);
            default -> null;
        };
    }
}
