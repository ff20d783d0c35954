package dev.arca.protect.restore;

import dev.arca.protect.Progress;
import java.util.List;
import java.util.Objects;

/**
 * How to restore.
 *
 * @param include paths within the snapshot, such as {@code /srv/data/config}, whose subtrees alone
 *     are restored; empty restores everything
 * @param threads how many packs are read, verified and written at once
 * @param progress live counters the caller may poll while the restore runs
 */
public record RestoreOptions(List<String> include, int threads, Progress progress) {
    public RestoreOptions {
        include = List.copyOf(include);
        include.forEach(IncludeFilter::normalize);
        if (threads < 1) {
            throw new IllegalArgumentException("restore threads: " + threads + " must be at least 1");
        }
        Objects.requireNonNull(progress, "progress");
    }

    /** Everything, one thread per core, with fresh progress counters. */
    public static RestoreOptions defaults() {
        return new RestoreOptions(List.of(), Runtime.getRuntime().availableProcessors(), new Progress());
    }

    public RestoreOptions withInclude(List<String> paths) {
        return new RestoreOptions(paths, threads, progress);
    }

    public RestoreOptions withThreads(int count) {
        return new RestoreOptions(include, count, progress);
    }

    public RestoreOptions withProgress(Progress counters) {
        return new RestoreOptions(include, threads, counters);
    }
}
