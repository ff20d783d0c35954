package dev.arca.repository;

import static dev.arca.repository.JsonFields.whole;

import dev.arca.repository.JsonReader.Token;
import dev.arca.repository.chunker.ChunkSizes;
import java.io.IOException;

/** The JSON form of a {@link RepositoryConfig} (docs/repository-format.md), field by field. */
final class ConfigJson {
    private ConfigJson() {
    }

    static byte[] write(RepositoryConfig c) {
        return JsonFields.write(g -> {
            g.writeStartObject();
            g.writeNumberField("version", c.version());
            JsonFields.optional(g, "id", c.id());
            if (c.chunks() != null) {
                g.writeObjectFieldStart("chunks");
                g.writeNumberField("minimum", c.chunks().minimum());
                g.writeNumberField("average", c.chunks().average());
                g.writeNumberField("maximum", c.chunks().maximum());
                g.writeEndObject();
            }
            g.writeNumberField("compressionLevel", c.compressionLevel());
            g.writeNumberField("packSize", c.packSize());
            if (c.immutableDays() != null) {
                g.writeNumberField("immutableDays", c.immutableDays());
            }
            g.writeEndObject();
        });
    }

    static RepositoryConfig read(byte[] json) throws CorruptObjectException {
        return JsonFields.parse(json, "config", "RepositoryConfig", ConfigJson::config);
    }

    private static RepositoryConfig config(JsonReader p) throws IOException {
        var f = new Object() {
            int version;
            String id;
            ChunkSizes chunks;
            int compressionLevel;
            int packSize;
            Integer immutableDays;
        };
        JsonFields.fields(p, (field, v) -> {
            switch (field) {
                case "version" -> f.version = whole(p, v, field);
                case "id" -> f.id = JsonFields.text(p, v, field);
                case "chunks" -> f.chunks = v == Token.VALUE_NULL ? null : chunks(p);
                case "compressionLevel" -> f.compressionLevel = whole(p, v, field);
                case "packSize" -> f.packSize = whole(p, v, field);
                case "immutableDays" -> f.immutableDays = v == Token.VALUE_NULL ? null : whole(p, v, field);
                default -> throw JsonFields.unknown(field);
            }
        });
        return new RepositoryConfig(f.version, f.id, f.chunks, f.compressionLevel, f.packSize, f.immutableDays);
    }

    private static ChunkSizes chunks(JsonReader p) throws IOException {
        int[] v = new int[3];
        JsonFields.fields(p, (field, value) -> {
            switch (field) {
                case "minimum" -> v[0] = whole(p, value, "chunks.minimum");
                case "average" -> v[1] = whole(p, value, "chunks.average");
                case "maximum" -> v[2] = whole(p, value, "chunks.maximum");
                default -> throw JsonFields.unknown("chunks." + field);
            }
        });
        return new ChunkSizes(v[0], v[1], v[2]);
    }
}
