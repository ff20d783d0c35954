package dev.arca.repository.log;

import java.time.Instant;
import java.util.List;

/**
 * What the repository holds of one log file of a stream.
 *
 * @param end how many bytes from the start are stored without a hole
 * @param complete whether the file is finished and stored whole ({@code end} is then its size)
 * @param firstTime when its first stored bytes had arrived
 * @param lastTime when the bytes up to {@code end} had arrived, or the later time by which the database
 *     had written nothing more ({@link LogArchive#confirm}): no transaction up to then is missing
 * @param pieces the stored pieces, by offset
 */
public record LogFile(String log, long end, boolean complete, Instant firstTime, Instant lastTime, List<LogPiece> pieces) {
    public LogFile {
        pieces = List.copyOf(pieces);
    }
}
