package dev.arca.repository.lock;

import static dev.arca.repository.JsonFields.text;

import dev.arca.repository.CorruptObjectException;
import dev.arca.repository.JsonFields;
import dev.arca.repository.JsonReader;
import java.io.IOException;
import java.time.Instant;

/** The JSON forms of a {@link Lock} and of the note that releases one, field by field. */
final class LockJson {
    private LockJson() {
    }

    static byte[] write(Lock l) {
        return JsonFields.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("exclusive", l.exclusive());
            JsonFields.optional(g, "operation", l.operation());
            JsonFields.optional(g, "host", l.host());
            g.writeNumberField("pid", l.pid());
            JsonFields.optional(g, "started", l.started());
            JsonFields.optional(g, "user", l.user());
            JsonFields.optional(g, "created", l.created());
            JsonFields.optional(g, "refreshed", l.refreshed());
            g.writeEndObject();
        });
    }

    static Lock read(byte[] json, String name) throws CorruptObjectException {
        return JsonFields.parse(json, "lock " + name, "Lock", p -> lock(p, name));
    }

    private static Lock lock(JsonReader p, String name) throws IOException {
        var f = new Object() {
            boolean exclusive;
            String operation;
            String host;
            long pid;
            Instant started;
            String user;
            Instant created;
            Instant refreshed;
        };
        JsonFields.fields(p, (field, v) -> {
            switch (field) {
                case "exclusive" -> f.exclusive = JsonFields.bool(p, v, field);
                case "operation" -> f.operation = text(p, v, field);
                case "host" -> f.host = text(p, v, field);
                case "pid" -> f.pid = JsonFields.wholeLong(p, v, field);
                case "started" -> f.started = JsonFields.instant(text(p, v, field));
                case "user" -> f.user = text(p, v, field);
                case "created" -> f.created = JsonFields.instant(text(p, v, field));
                case "refreshed" -> f.refreshed = JsonFields.instant(text(p, v, field));
                default -> throw JsonFields.unknown(field);
            }
        });
        return new Lock(name, f.exclusive, f.operation, f.host, f.pid, f.started, f.user, f.created, f.refreshed);
    }

    /** The note saying that lock {@code lock} is released: {"released": NAME}. */
    static byte[] releaseNote(String lock) {
        return JsonFields.write(g -> {
            g.writeStartObject();
            g.writeStringField("released", lock);
            g.writeEndObject();
        });
    }

    /** The lock a release note names, or null if it names none. */
    static String released(byte[] json, String name) throws CorruptObjectException {
        return JsonFields.parse(json, "lock note " + name, "Map", p -> {
            String[] released = new String[1];
            JsonFields.fields(p, (field, v) -> {
                if (field.equals("released")) {
                    released[0] = text(p, v, field);
                } else {
                    p.skipChildren();
                }
            });
            return released[0];
        });
    }
}
