package dev.arca.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.arca.ops.status.CheckRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@code arca check} of each repository, kept on this host under
 * {@code $ARCA_STATE_DIR} (default {@code ~/.local/state/arca}) by repository id, so that
 * {@code arca status} can report the "0 errors" of 3-2-1-1-0 without re-reading the data. The catalog
 * of the control plane will take this over.
 */
final class CheckHistory {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path dir;

    private CheckHistory(Path dir) {
        this.dir = dir;
    }

    static CheckHistory of(Map<String, String> env) {
        String state = env.get("ARCA_STATE_DIR");
        return new CheckHistory(state != null ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state", "arca").resolve("checks"));
    }

    void record(String repositoryId, CheckRecord record) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, repositoryId, ".tmp");
        JSON.writeValue(tmp.toFile(), record);
        Files.move(tmp, dir.resolve(repositoryId + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Optional<CheckRecord> last(String repositoryId) {
        Path f = dir.resolve(repositoryId + ".json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), CheckRecord.class));
        } catch (IOException e) {
            return Optional.empty(); // a damaged record counts as never checked, which status reports
        }
    }
}
