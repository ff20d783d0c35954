package dev.arca.repository.check;

import dev.arca.repository.BlobType;
import dev.arca.repository.Repository;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.index.BlobIndex;
import dev.arca.repository.lock.HeldLock;
import dev.arca.repository.lock.LockStore;
import dev.arca.repository.snapshot.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * Checks a repository: the structure always, the data of the packs the options select, and then which
 * snapshots and paths each damaged blob affects. Damage is collected, never thrown; only a storage that
 * cannot be listed at all ends a check early.
 *
 * <pre>{@code
 * CheckResult r = new Checker(repository).check(CheckOptions.structure().withReadData(DataSelection.parse("1/7")),
 *         repository.locks(host, user));
 * }</pre>
 */
public final class Checker {
    private final Repository repository;

    public Checker(Repository repository) {
        this.repository = repository;
    }

    /** Checks under a shared lock taken for the duration, so that no prune deletes what is being read. */
    public CheckResult check(CheckOptions options, LockStore locks) throws IOException {
        try (HeldLock lock = locks.acquire(false, "check", options.lockWait())) {
            return check(options, lock);
        }
    }

    /** Checks under a lock the caller holds (shared or exclusive), for a command that does more than check. */
    public CheckResult check(CheckOptions options, HeldLock lock) throws IOException {
        Objects.requireNonNull(lock, "lock: a check reads under a lock, so that no prune deletes what it reads");
        Survey survey = Survey.of(repository);
        List<ObjectDamage> packs = new ArrayList<>(survey.damagedPacks());
        Map<Where, BlobDamage> blobs = new LinkedHashMap<>();
        survey.damagedBlobs().forEach(b -> blobs.put(new Where(b.id(), b.pack()), b));
        List<PackVerification.Outcome> read = readData(survey, options);
        for (PackVerification.Outcome o : read) {
            packs.addAll(o.packs());
            o.blobs().forEach(b -> blobs.putIfAbsent(new Where(b.id(), b.pack()), b));
        }
        List<BlobDamage> traced = trace(survey, blobs.values());
        return new CheckResult(survey.damagedIndexes(), packs, survey.damagedSnapshots(), traced,
                survey.garbagePacks(), List.copyOf(survey.supersededIndexes()), intact(survey, traced),
                counts(survey, read));
    }

    private List<PackVerification.Outcome> readData(Survey survey, CheckOptions options) throws IOException {
        List<String> present = survey.indexedPacks().keySet().stream().filter(survey.storedPacks()::containsKey).toList();
        List<String> chosen = options.readData().choose(present);
        if (chosen.isEmpty()) {
            return List.of();
        }
        try (ReadPool readers = new ReadPool("arca-check-read", options.readThreads())) {
            List<Future<PackVerification.Outcome>> pending = new ArrayList<>();
            for (String pack : chosen) {
                pending.add(readers.submit(() -> PackVerification.of(repository, pack, survey.storedPacks().get(pack),
                        survey.indexedPacks().get(pack).blobs())));
            }
            List<PackVerification.Outcome> out = new ArrayList<>();
            for (Future<PackVerification.Outcome> f : pending) {
                out.add(ReadPool.result(f));
            }
            return out;
        } catch (Damage d) {
            throw new IllegalStateException("reading packs reports damage as an outcome, yet threw: " + d.problem(), d);
        }
    }

    /**
     * Attaches affected paths. Restore follows the index to one copy of each blob, so a damaged copy
     * elsewhere (a duplicate) affects nothing, and only damage at the indexed location is traced.
     */
    private List<BlobDamage> trace(Survey survey, Iterable<BlobDamage> damage) {
        BlobIndex index = survey.blobIndex();
        Set<BlobId> data = new HashSet<>();
        Set<BlobId> trees = new HashSet<>();
        Map<BlobId, BlobDamage> traced = new LinkedHashMap<>();
        for (BlobDamage b : damage) {
            if (b.pack() == null || index.find(b.id()).map(at -> at.pack().equals(b.pack())).orElse(false)) {
                (b.type() == BlobType.TREE ? trees : data).add(b.id());
                traced.put(b.id(), b);
            }
        }
        Map<BlobId, List<AffectedPath>> affected = data.isEmpty() && trees.isEmpty()
                ? Map.of() : new DamageTrace(survey, data, trees).affected();
        List<BlobDamage> out = new ArrayList<>();
        for (BlobDamage b : damage) {
            out.add(traced.get(b.id()) == b ? b.affecting(affected.getOrDefault(b.id(), List.of())) : b);
        }
        for (Map.Entry<BlobId, List<AffectedPath>> e : affected.entrySet()) {
            if (!traced.containsKey(e.getKey())) {
                String pack = index.find(e.getKey()).map(BlobIndex.Location::pack).orElse(null);
                out.add(new BlobDamage(BlobType.TREE, e.getKey(), pack,
                        "read once but not when read again (unreliable storage)", e.getValue()));
            }
        }
        return out;
    }

    private static List<String> intact(Survey survey, List<BlobDamage> blobs) {
        Set<String> hurt = new HashSet<>();
        survey.damagedSnapshots().forEach(d -> hurt.add(d.name()));
        blobs.forEach(b -> b.affects().forEach(a -> hurt.add(a.snapshot())));
        return survey.snapshots().stream().map(Snapshot::id).filter(id -> !hurt.contains(id)).toList();
    }

    private static CheckResult.Counts counts(Survey survey, List<PackVerification.Outcome> read) {
        Set<String> snapshots = new HashSet<>();
        survey.snapshots().forEach(s -> snapshots.add(s.id()));
        survey.damagedSnapshots().forEach(d -> snapshots.add(d.name()));
        return new CheckResult.Counts(survey.indexFiles().size() + survey.damagedIndexes().size(),
                survey.indexedPacks().size(), survey.indexedBlobs(), snapshots.size(), survey.treesWalked(), read.size(),
                read.stream().mapToLong(PackVerification.Outcome::blobsRead).sum(),
                read.stream().mapToLong(PackVerification.Outcome::bytesRead).sum());
    }

    /** A copy of a blob: the same blob damaged in two packs is two findings. */
    private record Where(BlobId id, String pack) {
    }
}
