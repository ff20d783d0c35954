package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.lock.Lock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code arca unlock -r REPO}: removes locks left by processes that are gone. */
@Command(name = "unlock", description = "Remove stale locks (or all locks with --remove-all).")
final class UnlockCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Option(names = "--remove-all", description = "Also remove locks that look alive; only when you are sure nothing runs.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        List<Lock> removed;
        try (Repository r = repo.open(arca)) {
            removed = r.locks(RepoOptions.host(), RepoOptions.user()).removeStale(all);
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(java.util.Map.of("removed", removed.stream().map(Lock::describe).toList())));
            return ExitCode.OK;
        }
        for (Lock l : removed) {
            arca.out.println("removed " + l.describe());
        }
        arca.out.println(removed.isEmpty() ? "no stale locks" : removed.size() + " lock(s) removed");
        return ExitCode.OK;
    }
}
