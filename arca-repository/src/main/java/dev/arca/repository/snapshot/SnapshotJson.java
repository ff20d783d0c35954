package dev.arca.repository.snapshot;

import static dev.arca.repository.JsonFields.optional;
import static dev.arca.repository.JsonFields.strings;
import static dev.arca.repository.JsonFields.text;
import static dev.arca.repository.JsonFields.wholeLong;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.JsonFields;
import dev.arca.repository.JsonReader;
import dev.arca.repository.JsonReader.Token;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link Snapshot} (docs/repository-format.md, A.6), field by field in the order
 * of the record's components; absent values are left out; the id is the document's name, not a field.
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    public static byte[] write(Snapshot s) {
        return JsonFields.write(g -> {
            g.writeStartObject();
            optional(g, "time", s.time());
            optional(g, "host", s.host());
            optional(g, "user", s.user());
            optional(g, "source", s.source());
            JsonFields.strings(g, "paths", s.paths());
            JsonFields.strings(g, "tags", s.tags());
            optional(g, "tree", s.tree());
            optional(g, "parent", s.parent());
            if (s.summary() != null) {
                summary(g, s.summary());
            }
            if (s.consistency() != null) {
                g.writeObjectFieldStart("consistency");
                for (Map.Entry<String, String> e : s.consistency().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            optional(g, "program", s.program());
            g.writeEndObject();
        });
    }

    private static void summary(JsonGenerator g, Snapshot.Summary m) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("files", m.files());
        g.writeNumberField("directories", m.directories());
        g.writeNumberField("bytes", m.bytes());
        g.writeNumberField("unchangedFiles", m.unchangedFiles());
        g.writeNumberField("newBlobs", m.newBlobs());
        g.writeNumberField("addedBytes", m.addedBytes());
        g.writeNumberField("storedBytes", m.storedBytes());
        g.writeNumberField("durationMillis", m.durationMillis());
        g.writeNumberField("errors", m.errors());
        g.writeEndObject();
    }

    /** The snapshot in {@code json}, without its id; {@code what} names it in errors. */
    public static Snapshot read(byte[] json, String what) throws CorruptObjectException {
        return JsonFields.parse(json, what, "Snapshot", SnapshotJson::snapshot);
    }

    private static Snapshot snapshot(JsonReader p) throws IOException {
        var f = new Object() {
            Instant time;
            String host;
            String user;
            String source;
            List<String> paths;
            List<String> tags;
            String tree;
            String parent;
            Snapshot.Summary summary;
            Map<String, String> consistency;
            String program;
        };
        JsonFields.fields(p, (field, v) -> {
            switch (field) {
                case "time" -> f.time = JsonFields.instant(text(p, v, field));
                case "host" -> f.host = text(p, v, field);
                case "user" -> f.user = text(p, v, field);
                case "source" -> f.source = text(p, v, field);
                case "paths" -> f.paths = strings(p, v, field);
                case "tags" -> f.tags = strings(p, v, field);
                case "tree" -> f.tree = text(p, v, field);
                case "parent" -> f.parent = text(p, v, field);
                case "summary" -> f.summary = v == Token.VALUE_NULL ? null : summary(p);
                case "consistency" -> f.consistency = JsonFields.stringMap(p, v, field);
                case "program" -> f.program = text(p, v, field);
                default -> throw JsonFields.unknown(field);
            }
        });
        return new Snapshot(null, f.time, f.host, f.user, f.source, f.paths, f.tags, f.tree, f.parent, f.summary,
                f.consistency, f.program);
    }

    private static Snapshot.Summary summary(JsonReader p) throws IOException {
        long[] v = new long[9];
        List<String> names = List.of("files", "directories", "bytes", "unchangedFiles", "newBlobs", "addedBytes",
                "storedBytes", "durationMillis", "errors");
        JsonFields.fields(p, (field, value) -> {
            int i = names.indexOf(field);
            if (i < 0) {
                throw JsonFields.unknown("summary." + field);
            }
            v[i] = wholeLong(p, value, "summary." + field);
        });
        return new Snapshot.Summary(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }
}
