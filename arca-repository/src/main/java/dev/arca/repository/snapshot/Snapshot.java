package dev.arca.repository.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One backup of one source at one consistency point.
 *
 * @param id the snapshot's name in the repository (the SHA-256 of its stored bytes); not stored inside it
 * @param source what was backed up, such as {@code files} or {@code ticketing/db}; forget groups by it
 * @param tree the root tree blob (hex)
 * @param parent the snapshot this one was compared against to skip unchanged files, if any
 * @param consistency where a database was when the snapshot was taken (LSN, binlog position, GTID)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(
        @JsonIgnore String id,
        Instant time,
        String host,
        String user,
        String source,
        List<String> paths,
        List<String> tags,
        String tree,
        String parent,
        Summary summary,
        Map<String, String> consistency,
        String program) {

    public Snapshot {
        paths = List.copyOf(paths);
        tags = tags == null ? List.of() : List.copyOf(tags);
        consistency = consistency == null ? null : Map.copyOf(consistency);
    }

    /** What a backup did, for listings and reports. */
    public record Summary(long files, long directories, long bytes, long unchangedFiles, long newBlobs,
                          long addedBytes, long storedBytes, long durationMillis, long errors) {
    }

    public Snapshot withId(String newId) {
        return new Snapshot(newId, time, host, user, source, paths, tags, tree, parent, summary, consistency, program);
    }

    /** The first 8 hex digits, as listings show it. */
    public String shortId() {
        return id == null ? "" : id.substring(0, Math.min(8, id.length()));
    }
}
