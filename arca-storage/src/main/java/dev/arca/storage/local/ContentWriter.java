package dev.arca.storage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes an object's bytes into its temporary file. It exists as a seam: tests replace it to fail half-way,
 * as a full disk does, which no portable test can provoke for real.
 */
@FunctionalInterface
interface ContentWriter {

    ContentWriter DIRECT = (channel, data) -> {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    };

    void write(FileChannel channel, byte[] data) throws IOException;

    /** Fills a save's temporary file, from an array or from another file. */
    @FunctionalInterface
    interface Fill {
        void fill(FileChannel channel) throws IOException;
    }
}
