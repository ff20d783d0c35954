package dev.arca.repository.check;

import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.snapshot.Snapshot;
import dev.arca.repository.tree.Node;
import dev.arca.repository.tree.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the snapshots and paths that need damaged blobs. Runs only when something is damaged, and reads
 * a tree again only to learn whether damage lies below it; it descends, once per snapshot, only into the
 * trees that lead to damage, which are the few kept in memory.
 */
final class DamageTrace {
    private final Survey survey;
    private final Set<BlobId> damagedData;
    private final Set<BlobId> damagedTrees;
    private final Map<BlobId, Boolean> leadsToDamage = new HashMap<>();
    private final Map<BlobId, Tree> onTheWay = new HashMap<>();
    private final Map<BlobId, List<AffectedPath>> affected = new HashMap<>();

    DamageTrace(Survey survey, Set<BlobId> damagedData, Set<BlobId> damagedTrees) {
        this.survey = survey;
        this.damagedData = damagedData;
        this.damagedTrees = new HashSet<>(damagedTrees);
    }

    /** For each damaged blob that a snapshot needs, where: snapshots oldest first, paths in tree order. */
    Map<BlobId, List<AffectedPath>> affected() {
        for (Snapshot s : survey.snapshots()) {
            parse(s.tree()).ifPresent(root -> collect(s.id(), root, "/"));
        }
        return affected;
    }

    private void collect(String snapshot, BlobId tree, String path) {
        if (!leadsToDamage(tree)) {
            return;
        }
        if (damagedTrees.contains(tree)) {
            add(tree, new AffectedPath(snapshot, path, true));
            return;
        }
        for (Node n : onTheWay.get(tree).nodes()) {
            String child = path.equals("/") ? "/" + n.displayName() : path + "/" + n.displayName();
            if (n.content() != null) {
                for (String hex : new LinkedHashSet<>(n.content())) {
                    parse(hex).filter(damagedData::contains).ifPresent(b -> add(b, new AffectedPath(snapshot, child, false)));
                }
            }
            if (n.subtree() != null) {
                parse(n.subtree()).ifPresent(sub -> collect(snapshot, sub, child));
            }
        }
    }

    private boolean leadsToDamage(BlobId tree) {
        Boolean known = leadsToDamage.get(tree);
        if (known != null) {
            return known;
        }
        if (damagedTrees.contains(tree)) {
            return true;
        }
        Optional<Tree> read = survey.tree(tree);
        if (read.isEmpty()) {
            // It read during the survey and fails now: storage is unreliable. The checker reports it as damaged.
            damagedTrees.add(tree);
            return true;
        }
        boolean leads = false;
        for (Node n : read.get().nodes()) {
            if (n.content() != null && n.content().stream().map(DamageTrace::parse)
                    .anyMatch(b -> b.filter(damagedData::contains).isPresent())) {
                leads = true;
            }
            if (n.subtree() != null && parse(n.subtree()).map(this::leadsToDamage).orElse(false)) {
                leads = true;
            }
        }
        leadsToDamage.put(tree, leads);
        if (leads) {
            onTheWay.put(tree, read.get());
        }
        return leads;
    }

    private void add(BlobId blob, AffectedPath path) {
        affected.computeIfAbsent(blob, b -> new ArrayList<>()).add(path);
    }

    private static Optional<BlobId> parse(String hex) {
        return Survey.blobId(hex);
    }
}
