package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.check.CheckOptions;
import dev.arca.repository.check.CheckResult;
import dev.arca.repository.check.Checker;
import dev.arca.repository.check.DataSelection;
import dev.arca.repository.crypto.ObjectCipher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code arca check -r REPO [--read-data | --read-data-subset N/M|P%]}: verifies the repository and
 * reports exactly what is damaged and which snapshots and files that affects.
 */
@Command(name = "check", description = "Verify the repository's structure, and with --read-data its data.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Option(names = "--read-data", description = "Download and authenticate every pack and blob.")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "N/M|P%", description = "Read only a slice (1/7) or a sample (10%) of the packs.")
    String subset;

    @Override
    public Integer call() throws Exception {
        if (readData && subset != null) {
            throw new CliException(ExitCode.USAGE, "give --read-data or --read-data-subset, not both", null);
        }
        DataSelection selection = readData ? DataSelection.all() : subset != null ? DataSelection.parse(subset) : DataSelection.none();
        return run(arca, repo, selection);
    }

    static int run(Arca arca, RepoOptions repo, DataSelection selection) throws Exception {
        CheckResult result;
        if (!(selection instanceof DataSelection.None)) {
            ObjectCipher.warmUp(); // reading data opens every blob
        }
        try (Repository r = repo.open(arca)) {
            CheckOptions options = CheckOptions.structure().withReadData(selection).withLockWait(repo.lockWait());
            result = new Checker(r).check(options, r.locks(RepoOptions.host(), RepoOptions.user()));
            try {
                CheckHistory.of(arca.env).record(r.config().id(), new dev.arca.ops.status.CheckRecord(arca.clock.instant(),
                        result.errors().size(), !(selection instanceof DataSelection.None)));
            } catch (java.io.IOException e) {
                arca.err.println("warning: cannot record this check for arca status: " + e.getMessage());
            }
        }
        CheckResult.Counts c = result.counts();
        if (repo.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ok", result.ok());
            doc.put("errors", result.errors());
            doc.put("report", result.report());
            doc.put("intact_snapshots", result.intactSnapshots());
            doc.put("counts", c);
            arca.out.println(JsonOutput.write(doc));
        } else {
            result.report().forEach(line -> (line.startsWith("pack ") && line.contains("in no index")
                    || line.startsWith("index ") && line.contains("replaced by") ? arca.out : arca.err).println(line));
            arca.out.printf("checked %d index files, %d packs, %d blobs, %d snapshots, %d trees; read %d packs (%s), %d blobs%n",
                    c.indexFiles(), c.packs(), c.blobs(), c.snapshots(), c.trees(), c.packsRead(), Sizes.bytes(c.bytesRead()), c.blobsRead());
            arca.out.println(result.ok() ? "no errors were found"
                    : result.errors().size() + " error(s) found; intact snapshots: " + result.intactSnapshots().size());
        }
        return result.ok() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
