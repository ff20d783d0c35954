package dev.arca.protect.restore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Creates entries in the restore target, replacing whatever is in the way. Restore writes into an
 * existing target as restic does: an existing entry at a path the snapshot holds is replaced (never
 * written through, so a symlink planted in the target cannot redirect a restore), and entries the
 * snapshot does not hold are left alone. Everything starts private to the owner; the snapshot's
 * modes are applied once the content is in place.
 */
final class Placement {
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private static final Set<StandardOpenOption> CREATE_FOR_WRITING =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** Makes an entry, failing with {@link FileAlreadyExistsException} when the path is taken. */
    @FunctionalInterface
    private interface Creation<T> {
        T create() throws IOException;
    }

    private Placement() {
    }

    /** A regular file, empty and private to the owner, returned open for writing: one system call for both. */
    static FileChannel privateFile(Path path) throws IOException {
        return replacing(path, () -> FileChannel.open(path, CREATE_FOR_WRITING, PRIVATE_FILE));
    }

    /** A directory: an existing one is kept with its contents, anything else in the way is replaced. */
    static void directory(Path path) throws IOException {
        try {
            Files.createDirectory(path, PRIVATE_DIR);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                replacing(path, () -> Files.createDirectory(path, PRIVATE_DIR));
            }
        } catch (IOException e) {
            throw failure("create", path, e);
        }
    }

    static void symlink(Path path, Path target) throws IOException {
        replacing(path, () -> Files.createSymbolicLink(path, target));
    }

    static void hardLink(Path path, Path existing) throws IOException {
        replacing(path, () -> Files.createLink(path, existing));
    }

    /** A named pipe; Java has no call for it, so the {@code mkfifo} command makes it. */
    static void fifo(Path path) throws IOException {
        run(List.of("mkfifo", "-m", "600", "--", path.toString()), path);
    }

    /**
     * A block ({@code block}) or character device node for the device {@code rdev} (glibc's {@code makedev}
     * encoding), made by the {@code mknod} command as fifos are by {@code mkfifo}. Only root may; the failure
     * then says so in {@code mknod}'s words.
     */
    static void device(Path path, boolean block, long rdev) throws IOException {
        long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xffL) | ((rdev >>> 12) & ~0xffL);
        run(List.of("mknod", "-m", "600", "--", path.toString(), block ? "b" : "c", Long.toString(major),
                Long.toString(minor)), path);
    }

    /** Runs a command that makes {@code path}, in place of whatever is there; its output is the failure's message. */
    private static void run(List<String> command, Path path) throws IOException {
        replacing(path, () -> {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            command(command, path);
            return path;
        });
    }

    /** Runs a command on {@code path}: mkfifo, mknod, or touch for a device node's times. */
    static void command(List<String> command, Path path) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IOException(output.isEmpty() ? command.get(0) + " failed" : output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new InterruptedIOException("interrupted while running " + command.get(0) + " on " + path);
        }
    }

    /** An exception that names the path and says in words what went wrong. */
    static IOException failure(String action, Path path, IOException cause) {
        if (cause instanceof InterruptedIOException interrupted) {
            return interrupted;
        }
        return new IOException("cannot " + action + " " + path + ": " + reason(cause), cause);
    }

    /** What went wrong, in words: the JDK's own message for the common cases is the bare path, which explains nothing. */
    static String reason(Exception cause) {
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (cause instanceof NoSuchFileException) {
            return "a parent directory is missing";
        }
        if (cause instanceof FileAlreadyExistsException) {
            return "something else is already there";
        }
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return cause.getMessage();
    }

    private static <T> T replacing(Path path, Creation<T> creation) throws IOException {
        try {
            try {
                return creation.create();
            } catch (FileAlreadyExistsException e) {
                remove(path);
                return creation.create();
            }
        } catch (IOException e) {
            throw failure("create", path, e);
        }
    }

    private static void remove(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            throw new FileSystemException(path.toString(), null,
                    "a non-empty directory is where the snapshot has another kind of entry; move it away and restore again");
        }
    }
}
