package dev.arca.repository;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.arca.repository.chunker.Chunk;
import dev.arca.repository.chunker.ChunkReader;
import dev.arca.repository.chunker.Chunker;
import dev.arca.repository.compress.BlobCodec;
import dev.arca.repository.crypto.BlobHasher;
import dev.arca.repository.crypto.BlobId;
import dev.arca.repository.crypto.ChunkCheck;
import dev.arca.repository.crypto.ObjectCipher;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints the throughput of the primitives on one thread, per second of CPU time; asserts nothing.
 * From the repository root:
 * <pre>
 * mvn -q -pl arca-repository test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * cd arca-repository
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.arca.repository.PrimitivesBenchmark [cold|chunker|hash|gcm|zstd|pair|times|zstd-file=FILE]...
 * </pre>
 * Without arguments it runs all sections but {@code cold}, which must run alone in a fresh JVM: it
 * shows how fast 1 MiB seals and opens are in the first second. {@code pair} measures wall-clock
 * throughput on one thread and on two at once: on a virtual machine two cores may share one
 * physical core, and then the per-core rates above do not add up. {@code times} formats a tree's times
 * (MB/s of text written) with {@link Instant#toString} and with {@link JsonFields#text}, which tree
 * encoding uses. {@code zstd-file=FILE} compresses a file in independent 1 MiB blocks, as backups
 * compress 1 MiB chunks, at level 3 (what Arca uses) and at cheaper settings, and prints each one's
 * total size and rate: the trade between the repository's size and the backup's speed on real data.
 */
public final class PrimitivesBenchmark {
    private static final int MIB = 1 << 20;
    private static final long WARM_UP_NANOS = 1_500_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private PrimitivesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sections = args.length > 0 ? List.of(args) : List.of("chunker", "hash", "gcm", "zstd");
        for (String section : sections) {
            switch (section) {
                case "cold" -> cold();
                case "chunker" -> chunker();
                case "hash" -> hash();
                case "gcm" -> gcm();
                case "zstd" -> zstd();
                case "pair" -> pair();
                case "times" -> times();
                case String file when file.startsWith("zstd-file=") -> zstdFile(Path.of(file.substring("zstd-file=".length())));
                default -> throw new IllegalArgumentException("unknown section '" + section + "'");
            }
        }
    }

    private static void cold() throws Exception {
        ObjectCipher cipher = new ObjectCipher(SampleData.random(32, 1));
        byte[] plaintext = SampleData.random(MIB, 2);
        byte[] sealed = cipher.seal(plaintext);
        System.out.println("cold start, MB/s in successive 100 ms of CPU time, seal 1 MiB:"
                + windows(() -> cipher.seal(plaintext)));
        System.out.println("cold start, MB/s in successive 100 ms of CPU time, open 1 MiB:"
                + windows(() -> cipher.open(sealed)));
    }

    private static String windows(Run run) throws Exception {
        StringBuilder rates = new StringBuilder();
        for (int window = 0; window < 10; window++) {
            rates.append(String.format(" %5.0f", rate(MIB, 0, 100_000_000L, run)));
        }
        return rates.toString();
    }

    private static void chunker() throws Exception {
        byte[] data = SampleData.random(64 * MIB, 3);
        ChunkReader reader = new Chunker(SampleData.random(32, 4)).reader(InputStream.nullInputStream());
        print("chunker, 64 MiB random, default sizes", data.length, () -> {
            reader.reset(new ByteArrayInputStream(data));
            long total = 0;
            for (Chunk chunk = reader.next(); chunk != null; chunk = reader.next()) {
                total += chunk.length();
            }
            if (total != data.length) {
                throw new IllegalStateException("chunker lost bytes: " + total + " of " + data.length);
            }
        });
    }

    private static void times() throws Exception {
        // Three times per entry of a directory of 2,000 files, with nanoseconds as file systems give them.
        java.util.Random random = new java.util.Random(9);
        Instant[] times = new Instant[6_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
        }
        int length = times[0].toString().length();
        print("6,000 times as text, Instant.toString", (long) times.length * length, () -> {
            for (Instant t : times) {
                t.toString();
            }
        });
        print("6,000 times as text, JsonFields.text", (long) times.length * length, () -> {
            for (Instant t : times) {
                JsonFields.text(t);
            }
        });
    }

    private static void hash() throws Exception {
        BlobHasher hasher = new BlobHasher(SampleData.random(32, 5));
        byte[] blob = SampleData.random(MIB, 6);
        print("HMAC-SHA-256 blob id, 1 MiB", MIB, () -> hasher.hash(blob));
        ChunkCheck checks = new ChunkCheck(SampleData.random(32, 5));
        BlobId id = hasher.hash(blob);
        String check = ChunkCheck.text(checks.of(id, blob, 0, MIB));
        print("chunk check (GMAC" + (ChunkCheck.fast() ? ", libcrypto" : ", the JDK's") + "), 1 MiB", MIB,
                () -> checks.matches(check, id, blob, 0, MIB));
        byte[] small = SampleData.random(4096, 7);
        print("chunk check, 4 KiB", 4096, () -> checks.of(id, small, 0, small.length));
        // The JDK's own GCM over additional data only: what a check would cost without libcrypto.
        SecretKeySpec key = new SecretKeySpec(SampleData.random(32, 8), "AES");
        byte[] nonce = new byte[12];
        print("AES-256-GCM, additional data only (the JDK), 1 MiB", MIB, () -> {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            nonce[0]++;
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(blob);
            gcm.doFinal();
        });
    }

    private static void gcm() throws Exception {
        byte[] key = SampleData.random(32, 7);
        ObjectCipher cipher = new ObjectCipher(key);
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        byte[] plaintext = SampleData.random(MIB, 8);
        byte[] sealed = cipher.seal(plaintext);
        byte[] nonce = new byte[12];
        print("AES-256-GCM seal 1 MiB, ObjectCipher (64 KiB update slices)", MIB, () -> cipher.seal(plaintext));
        print("AES-256-GCM seal 1 MiB, one doFinal", MIB, () -> {
            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            nonce[0]++;
            jdk.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
            jdk.doFinal(plaintext);
        });
        print("AES-256-GCM open 1 MiB, ObjectCipher (one doFinal)", MIB, () -> cipher.open(sealed));
        print("AES-256-GCM open 1 MiB, 64 KiB update slices", MIB, () -> {
            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, sealed, 0, 12));
            byte[] out = new byte[MIB];
            int written = 0;
            for (int offset = 12; offset < sealed.length; offset += 64 * 1024) {
                written += jdk.update(sealed, offset, Math.min(64 * 1024, sealed.length - offset), out, written);
            }
            jdk.doFinal(out, written);
        });
    }

    private static void zstd() throws Exception {
        byte[] text = SampleData.text(MIB);
        byte[] random = SampleData.random(MIB, 9);
        for (int level : new int[] {1, 3}) {
            BlobCodec codec = new BlobCodec(level);
            byte[] encodedText = codec.encode(text);
            System.out.printf("zstd level %d: text 1 MiB encodes to %d bytes%n", level, encodedText.length);
            print("zstd level " + level + " encode, text", MIB, () -> codec.encode(text));
            print("zstd level " + level + " decode, text", MIB, () -> BlobCodec.decode(encodedText));
            byte[] encodedRandom = codec.encode(random);
            print("zstd level " + level + " encode, random (stored raw)", MIB, () -> codec.encode(random));
            print("zstd level " + level + " decode, random (stored raw)", MIB, () -> BlobCodec.decode(encodedRandom));
        }
    }

    private static void zstdFile(Path file) throws Exception {
        byte[] data = Files.readAllBytes(file);
        byte[] out = new byte[(int) Zstd.compressBound(MIB)];
        Map<String, Supplier<ZstdCompressCtx>> settings = new LinkedHashMap<>();
        settings.put("level 3", () -> new ZstdCompressCtx().setLevel(3));
        settings.put("level 3, chainLog 15", () -> new ZstdCompressCtx().setLevel(3).setChainLog(15));
        settings.put("level 3, minMatch 6", () -> new ZstdCompressCtx().setLevel(3).setMinMatch(6));
        settings.put("level 3, hashLog 16", () -> new ZstdCompressCtx().setLevel(3).setHashLog(16));
        settings.put("level 3, chainLog 14", () -> new ZstdCompressCtx().setLevel(3).setChainLog(14));
        settings.put("level 3, hashLog 16, chainLog 14", () -> new ZstdCompressCtx().setLevel(3).setHashLog(16).setChainLog(14));
        settings.put("level 2, hashLog 17", () -> new ZstdCompressCtx().setLevel(2).setHashLog(17));
        settings.put("level 2, hashLog 18", () -> new ZstdCompressCtx().setLevel(2).setHashLog(18));
        settings.put("level 2, hashLog 19", () -> new ZstdCompressCtx().setLevel(2).setHashLog(19));
        settings.put("level 2, hashLog 17, chainLog 16", () -> new ZstdCompressCtx().setLevel(2).setHashLog(17).setChainLog(16));
        settings.put("level 2", () -> new ZstdCompressCtx().setLevel(2));
        settings.put("level 1", () -> new ZstdCompressCtx().setLevel(1));
        System.out.printf("%s: %,d bytes in 1 MiB blocks%n", file, data.length);
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (Map.Entry<String, Supplier<ZstdCompressCtx>> setting : settings.entrySet()) {
                try (ZstdCompressCtx ctx = setting.getValue().get().setChecksum(false).setContentSize(true)) {
                    long size = 0;
                    long start = CPU.getCurrentThreadCpuTime();
                    for (int at = 0; at < data.length; at += MIB) {
                        size += ctx.compressByteArray(out, 0, out.length, data, at, Math.min(MIB, data.length - at));
                    }
                    long nanos = CPU.getCurrentThreadCpuTime() - start;
                    if (round == 1) {
                        System.out.printf("  %-22s %,14d bytes %8.0f MB/s%n", setting.getKey(), size, data.length * 1e3 / nanos);
                    }
                }
            }
        }
    }

    private static void pair() throws Exception {
        byte[] blob = SampleData.random(MIB, 10);
        byte[] text = SampleData.text(MIB);
        pair("HMAC-SHA-256 blob id, 1 MiB", () -> {
            BlobHasher hasher = new BlobHasher(SampleData.random(32, 5));
            return () -> hasher.hash(blob);
        });
        pair("zstd level 3 encode, text", () -> {
            BlobCodec codec = new BlobCodec(3);
            return () -> codec.encode(text);
        });
    }

    /** Wall-clock MB/s of one thread and of two threads together (the better of two tries each), each thread with its own state from {@code setUp}. */
    private static void pair(String what, java.util.concurrent.Callable<Run> setUp) throws Exception {
        together(2, setUp); // compiles both threads' paths, so that neither measurement pays for it
        double one = Math.max(together(1, setUp), together(1, setUp));
        double two = Math.max(together(2, setUp), together(2, setUp));
        System.out.printf("%-40s 1 thread %5.0f MB/s, 2 threads %5.0f MB/s together (%.2fx)%n", what, one, two, two / one);
    }

    private static double together(int threads, java.util.concurrent.Callable<Run> setUp) throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<Long>> runs = new java.util.ArrayList<>();
            long start = System.nanoTime() + WARM_UP_NANOS;
            long end = start + MEASURE_NANOS;
            for (int t = 0; t < threads; t++) {
                Run run = setUp.call();
                runs.add(pool.submit(() -> {
                    long counted = 0;
                    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                        run.run();
                        if (now >= start) {
                            counted++;
                        }
                    }
                    return counted;
                }));
            }
            long total = 0;
            for (java.util.concurrent.Future<Long> f : runs) {
                total += f.get();
            }
            return total * (double) MIB / (MEASURE_NANOS / 1e9) / 1e6;
        }
    }

    private static void print(String what, long bytesPerRun, Run run) throws Exception {
        System.out.printf("%-62s %7.0f MB/s%n", what, rate(bytesPerRun, WARM_UP_NANOS, MEASURE_NANOS, run));
    }

    /**
     * MB per second of this thread's CPU time, not of wall time: the machine is shared, and CPU time
     * measures the code rather than the neighbours. JIT compilation runs on other threads.
     */
    private static double rate(long bytesPerRun, long warmUpNanos, long measureNanos, Run run) throws Exception {
        long warmUpEnd = CPU.getCurrentThreadCpuTime() + warmUpNanos;
        while (CPU.getCurrentThreadCpuTime() < warmUpEnd) {
            run.run();
        }
        long start = CPU.getCurrentThreadCpuTime();
        long runs = 0;
        long elapsed;
        do {
            run.run();
            runs++;
            elapsed = CPU.getCurrentThreadCpuTime() - start;
        } while (elapsed < measureNanos);
        return runs * (double) bytesPerRun / (elapsed / 1e9) / 1e6;
    }

    private interface Run {
        void run() throws Exception;
    }
}
