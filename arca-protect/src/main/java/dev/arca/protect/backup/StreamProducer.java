package dev.arca.protect.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Hands the streams of one snapshot to the archiver, such as the tar stream of {@code pg_basebackup} or
 * one dump per database, and reports where the source stood once they are complete.
 */
@FunctionalInterface
public interface StreamProducer {

    /** Receives one named stream; returns its size once it has been read to the end and stored. */
    @FunctionalInterface
    interface Sink {
        long add(String filename, InputStream in) throws IOException;
    }

    /**
     * Adds every stream to {@code sink}, in order, and returns the consistency point (for example
     * {@code startLsn}, {@code stopLsn}, {@code binlogFile}); empty for plain streams.
     */
    Map<String, String> produce(Sink sink) throws IOException;
}
