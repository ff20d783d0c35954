package dev.arca.protect.copy;

import java.util.List;

/**
 * What a copy did with the log area (database WAL and binlog pieces).
 *
 * @param piecesSent pieces the target lacked, now stored there
 * @param bytesSent log bytes in those pieces
 * @param piecesSkipped pieces the target already held
 * @param errors pieces that could not be read from the source, each with the reason
 */
public record LogCopy(long piecesSent, long bytesSent, long piecesSkipped, List<String> errors) {
    public LogCopy {
        errors = List.copyOf(errors);
    }
}
