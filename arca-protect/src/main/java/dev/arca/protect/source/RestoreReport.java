package dev.arca.protect.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a point-in-time restore did.
 *
 * @param snapshot the base backup or dump restored (short id)
 * @param reached the moment the restored database reflects: the target time, or the newest replayed commit
 * @param logFiles how many log files were replayed
 * @param notes what the operator should know, one line each (where the server runs, what to do next)
 */
public record RestoreReport(String snapshot, Instant reached, int logFiles, Duration duration, List<String> notes) {
    public RestoreReport {
        notes = List.copyOf(notes);
    }
}
