package dev.arca.cli;

import dev.arca.ops.status.CheckRecord;
import dev.arca.repository.JsonFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@code arca check} of each repository, kept on this host under
 * {@code $ARCA_STATE_DIR} (default {@code ~/.local/state/arca}) by repository id, so that
 * {@code arca status} can report the "0 errors" of 3-2-1-1-0 without re-reading the data. The catalog
 * of the control plane will take this over.
 */
final class CheckHistory {

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
        Files.write(tmp, JsonFields.write(g -> {
            g.writeStartObject();
            JsonFields.optional(g, "time", record.time());
            g.writeNumberField("errors", record.errors());
            g.writeBooleanField("readData", record.readData());
            g.writeEndObject();
        }));
        Files.move(tmp, dir.resolve(repositoryId + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Optional<CheckRecord> last(String repositoryId) {
        Path f = dir.resolve(repositoryId + ".json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonFields.parse(Files.readAllBytes(f), f.toString(), "CheckRecord", p -> {
                var r = new Object() {
                    Instant time;
                    int errors;
                    boolean readData;
                };
                JsonFields.fields(p, (field, v) -> {
                    switch (field) {
                        case "time" -> r.time = JsonFields.instant(JsonFields.text(p, v, field));
                        case "errors" -> r.errors = JsonFields.whole(p, v, field);
                        case "readData" -> r.readData = JsonFields.bool(p, v, field);
                        default -> throw JsonFields.unknown(field);
                    }
                });
                return new CheckRecord(r.time, r.errors, r.readData);
            }));
        } catch (IOException e) {
            return Optional.empty(); // a damaged record counts as never checked, which status reports
        }
    }
}
