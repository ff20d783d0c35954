package dev.arca.storage.local;

import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.TestContent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The victim of {@link LocalStorageTest}'s crash test, run in a child JVM: saves objects named by their
 * hash in a loop. The save after the first {@code complete} ones writes half of its data to disk, says
 * {@value #STALLED} on its output and stalls, so that the parent's kill lands mid-write every time rather
 * than by luck.
 */
public final class CrashingSaver {
    static final String STALLED = "stalled mid-write";

    private CrashingSaver() {
    }

    /** The content of the {@code number}-th save, from 100 KB to 1.1 MB. */
    static byte[] content(int number) {
        return TestContent.random(number, 100_000 + number * 7919 % (1024 * 1024));
    }

    static ObjectKey key(int number) {
        return ObjectKey.of(ObjectKind.DATA, TestContent.sha256(content(number)));
    }

    /** Arguments: the repository root, and how many saves complete before one stalls. */
    public static void main(String[] args) throws IOException {
        int complete = Integer.parseInt(args[1]);
        AtomicInteger writes = new AtomicInteger();
        ContentWriter stallsMidway = (channel, data) -> {
            if (writes.incrementAndGet() <= complete) {
                ContentWriter.DIRECT.write(channel, data);
                return;
            }
            channel.write(ByteBuffer.wrap(data, 0, data.length / 2));
            channel.force(true);
            System.out.println(STALLED);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new InterruptedIOException("stalled save interrupted");
            }
        };
        LocalStorage storage = LocalStorage.open(Path.of(args[0]), false, stallsMidway, true);
        for (int number = 0; ; number++) {
            storage.save(key(number), content(number));
        }
    }
}
