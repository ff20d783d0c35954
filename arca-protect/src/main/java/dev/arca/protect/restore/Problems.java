package dev.arca.protect.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What went wrong during a restore, collected from every thread, reported in path order. */
final class Problems {
    private final List<RestoreResult.Damaged> damaged = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    synchronized void damaged(String path, String reason) {
        damaged.add(new RestoreResult.Damaged(path, reason));
    }

    synchronized void warn(String message) {
        warnings.add(message);
    }

    synchronized List<RestoreResult.Damaged> damaged() {
        return damaged.stream().sorted(Comparator.comparing(RestoreResult.Damaged::path)).toList();
    }

    synchronized List<String> warnings() {
        return warnings.stream().sorted().toList();
    }
}
