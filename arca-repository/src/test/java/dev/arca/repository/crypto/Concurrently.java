package dev.arca.repository.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Applies a function to many inputs on several threads at once, to exercise per-thread state. */
final class Concurrently {
    private Concurrently() {
    }

    interface Work<T, R> {
        R apply(T input) throws Exception;
    }

    /** The results in input order. */
    static <T, R> List<R> map(List<T> inputs, Work<T, R> work) throws InterruptedException, ExecutionException {
        List<Future<R>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (T input : inputs) {
                futures.add(pool.submit(() -> work.apply(input)));
            }
        }
        List<R> results = new ArrayList<>();
        for (Future<R> future : futures) {
            results.add(future.get());
        }
        return results;
    }
}
