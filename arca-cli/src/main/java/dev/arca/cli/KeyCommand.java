package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.crypto.KeySlot;
import dev.arca.repository.crypto.ScryptParams;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code arca key add|list|passwd|remove}: the passwords that open a repository. */
@Command(name = "key", description = "Manage the passwords (key slots) that open a repository.",
        subcommands = {KeyCommand.Add.class, KeyCommand.ListKeys.class, KeyCommand.Passwd.class, KeyCommand.Remove.class})
final class KeyCommand implements Runnable {
    @ParentCommand
    Arca arca;

    @Override
    public void run() {
        throw new CliException(ExitCode.USAGE, "missing sub-command: add, list, passwd or remove", null);
    }

    void report(RepoOptions repo, String verb, String id) {
        arca.out.println(repo.json ? JsonOutput.write(java.util.Map.of(verb, id)) : verb + " key " + id);
    }

    static KeySlot addSlot(Repository r, char[] password) throws IOException {
        return r.keys().add(r.masterKey(), password, ScryptParams.DEFAULT, RepoOptions.host(), RepoOptions.user());
    }

    /** Where a new password comes from: a file, $ARCA_NEW_PASSWORD, or a prompt typed twice. */
    static final class NewPassword {
        @Option(names = "--new-password-file", paramLabel = "FILE", description = "Read the new password from FILE; default $ARCA_NEW_PASSWORD.")
        Path file;

        char[] read(Arca arca) {
            if (file != null) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
                } catch (IOException e) {
                    throw new CliException(ExitCode.FAILURE, "cannot read '" + file + "': " + e.getMessage(), null);
                }
            }
            String env = arca.env.get("ARCA_NEW_PASSWORD");
            if (env != null) {
                return env.toCharArray();
            }
            Console c = System.console();
            if (c != null && arca.interactive) {
                char[] a = c.readPassword("new password: ");
                char[] b = c.readPassword("again: ");
                if (a != null && Arrays.equals(a, b)) {
                    return a;
                }
                throw new CliException(ExitCode.USAGE, "the two passwords differ", null);
            }
            throw new CliException(ExitCode.USAGE, "no new password given", "set ARCA_NEW_PASSWORD or pass --new-password-file FILE");
        }
    }

    @Command(name = "add", description = "Add a password.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;
        @Mixin
        RepoOptions repo;
        @Mixin
        NewPassword fresh;

        @Override
        public Integer call() throws Exception {
            try (Repository r = repo.open(key.arca)) {
                key.report(repo, "added", addSlot(r, fresh.read(key.arca)).id());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List the key slots.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;
        @Mixin
        RepoOptions repo;

        @Override
        public Integer call() throws Exception {
            try (Repository r = repo.open(key.arca)) {
                List<KeySlot> slots = r.keys().list();
                if (repo.json) {
                    key.arca.out.println(JsonOutput.write(slots.stream().map(s -> java.util.Map.of("id", s.id(), "current",
                            s.id().equals(r.slotId()), "user", s.user(), "host", s.host(), "created", s.created())).toList()));
                    return ExitCode.OK;
                }
                key.arca.out.printf(" %-32s  %-12s  %-16s  %s%n", "ID", "User", "Host", "Created");
                for (KeySlot s : slots) {
                    key.arca.out.printf("%s%-32s  %-12s  %-16s  %s%n", s.id().equals(r.slotId()) ? "*" : " ", s.id(), s.user(),
                            s.host(), s.created());
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "passwd", description = "Change the password you opened the repository with.")
    static final class Passwd implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;
        @Mixin
        RepoOptions repo;
        @Mixin
        NewPassword fresh;

        @Override
        public Integer call() throws Exception {
            try (Repository r = repo.open(key.arca)) {
                // The new slot is stored before the old one goes, so no instant exists without a way in.
                KeySlot slot = addSlot(r, fresh.read(key.arca));
                r.keys().remove(r.slotId(), slot.id());
                if (repo.json) {
                    key.arca.out.println(JsonOutput.write(java.util.Map.of("removed", r.slotId(), "added", slot.id())));
                } else {
                    key.arca.out.println("password changed: key " + r.slotId() + " replaced by " + slot.id());
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", description = "Remove a key slot by id.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;
        @Mixin
        RepoOptions repo;
        @Parameters(paramLabel = "ID", description = "The key slot id (or a unique prefix) from 'arca key list'.")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Repository r = repo.open(key.arca)) {
                key.report(repo, "removed", r.keys().remove(id, r.slotId()).id());
            }
            return ExitCode.OK;
        }
    }
}
