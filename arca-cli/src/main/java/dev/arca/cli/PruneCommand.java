package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.prune.PruneOptions;
import dev.arca.repository.prune.PruneResult;
import dev.arca.repository.prune.Pruner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code arca prune -r REPO}: reclaims the space of data that no snapshot uses any more. */
@Command(name = "prune", description = "Remove data no snapshot uses (new packs and index first, old ones after).")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Option(names = "--dry-run", description = "Only show what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        return prune(arca, repo, dryRun);
    }

    static int prune(Arca arca, RepoOptions repo, boolean dryRun) throws Exception {
        PruneResult r;
        try (Repository repository = repo.open(arca)) {
            PruneOptions options = PruneOptions.defaults().withDryRun(dryRun).withLockWait(repo.lockWait());
            r = new Pruner(repository).prune(options, repository.locks(RepoOptions.host(), RepoOptions.user()));
        }
        if (repo.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", r);
            doc.put("bytes_freed", r.bytesFreed());
            arca.out.println(JsonOutput.write(doc));
        } else {
            String verb = dryRun ? "would remove" : "removed";
            arca.out.printf("%s %d unused packs and %d garbage packs, repacked %d packs into %d new ones%n", verb,
                    r.deletedPacks().size(), r.garbagePacks().size(), r.repackedPacks().size(), r.packsWritten());
            arca.out.printf("%s %d blobs, kept %d; %s %s%n", verb, r.blobsRemoved(), r.blobsKept(),
                    dryRun ? "would free" : "freed", Sizes.bytes(r.bytesFreed()));
        }
        return ExitCode.OK;
    }
}
