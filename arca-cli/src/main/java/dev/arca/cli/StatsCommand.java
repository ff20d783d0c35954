package dev.arca.cli;

import dev.arca.repository.Repository;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code arca stats -r REPO}: how much is stored, how well it deduplicates, and what the index costs in memory. */
@Command(name = "stats", description = "Show repository size, deduplication and index memory per blob.")
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    Arca arca;

    @Mixin
    RepoOptions repo;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        try (Repository r = repo.open(arca)) {
            List<Snapshot> snaps = r.snapshots().list();
            long logical = snaps.stream().mapToLong(x -> x.summary() == null ? 0 : x.summary().bytes()).sum();
            List<ObjectInfo> packs = r.storage().list(ObjectKind.DATA);
            long stored = packs.stream().mapToLong(ObjectInfo::size).sum();
            long total = 0;
            for (ObjectKind k : ObjectKind.values()) {
                total += r.storage().list(k).stream().mapToLong(ObjectInfo::size).sum();
            }
            BlobIndex index = r.index();
            int blobs = index.size();
            long indexBytes = index.compactBytes();
            s.put("snapshots", snaps.size());
            s.put("packs", packs.size());
            s.put("blobs", blobs);
            s.put("logical_bytes", logical);
            s.put("pack_bytes", stored);
            s.put("repository_bytes", total);
            s.put("dedup_ratio", stored == 0 ? 0 : (double) logical / stored);
            s.put("index_memory_bytes", indexBytes);
            s.put("index_bytes_per_blob", blobs == 0 ? 0 : (double) indexBytes / blobs);
        }
        if (repo.json) {
            arca.out.println(JsonOutput.write(s));
        } else {
            arca.out.printf("snapshots:            %d%n", (Integer) s.get("snapshots"));
            arca.out.printf("data backed up:       %s over all snapshots%n", Sizes.bytes((Long) s.get("logical_bytes")));
            arca.out.printf("stored in packs:      %s in %d packs, %d blobs%n", Sizes.bytes((Long) s.get("pack_bytes")),
                    (Integer) s.get("packs"), (Integer) s.get("blobs"));
            arca.out.printf("repository size:      %s%n", Sizes.bytes((Long) s.get("repository_bytes")));
            arca.out.printf("dedup + compression:  %.2fx%n", (Double) s.get("dedup_ratio"));
            arca.out.printf("index in memory:      %s, %.1f bytes per blob%n", Sizes.bytes((Long) s.get("index_memory_bytes")),
                    (Double) s.get("index_bytes_per_blob"));
        }
        return ExitCode.OK;
    }
}
