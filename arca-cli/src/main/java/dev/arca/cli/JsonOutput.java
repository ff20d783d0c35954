package dev.arca.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.arca.repository.JsonFields;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The {@code --json} form of every command's output: maps, lists, records, strings, numbers, booleans,
 * enums (by name), instants and dates (ISO-8601), durations (seconds) and paths, written with Jackson's
 * streaming generator and its default pretty printer.
 *
 * <p>Keys are snake_case, as restic's are, so that scripts never guess: a record component
 * {@code unchangedFiles} is written {@code unchanged_files}, by the object mapper's SNAKE_CASE rule (a run
 * of capitals is one word). The commands write their own map keys in that form; map keys are otherwise
 * data (paths, names) and pass through unchanged.
 *
 * <p>Not the object mapper: its first use costs a command 0.13-0.16 s (0.2 CPU-s) of class loading and
 * introspection, half as much again as all of {@code arca snapshots} (docs/BENCHMARKS.md, "an eighth
 * machine"). The output is the mapper's, byte for byte: the CLI's tests hold every document they produce
 * to it ({@link #check}).
 */
final class JsonOutput {
    /** Set by tests to compare each document with the object mapper's; null otherwise. */
    static volatile BiConsumer<Object, String> check;

    private JsonOutput() {
    }

    static String write(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JsonFields.FACTORY.createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String json = text.toString();
        BiConsumer<Object, String> verify = check;
        if (verify != null) {
            verify.accept(value, json);
        }
        return json;
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case CharSequence s -> g.writeString(s.toString());
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case BigInteger i -> g.writeNumber(i);
            case BigDecimal d -> g.writeNumber(d);
            case Enum<?> e -> g.writeString(e.name());
            case Instant t -> g.writeString(t.toString());
            // As the mapper's time module writes durations: seconds with nine decimals (0.0 for none).
            case Duration d -> g.writeNumber(d.isZero() ? BigDecimal.ZERO.setScale(1)
                    : BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).setScale(9));
            case LocalDate d -> g.writeString(d.toString());
            case Path p -> g.writeString(p.toUri().toString());
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Object key = e.getKey();
                    g.writeFieldName(key instanceof Enum<?> k ? k.name() : String.valueOf(key));
                    value(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> items -> {
                g.writeStartArray();
                for (Object item : items) {
                    value(g, item);
                }
                g.writeEndArray();
            }
            case Object[] items -> value(g, Arrays.asList(items));
            case Record r -> {
                g.writeStartObject();
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    g.writeFieldName(snakeCase(c.getName()));
                    value(g, component(r, c));
                }
                g.writeEndObject();
            }
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName()
                    + "; give the command's output as maps, lists, records and plain values");
        }
    }

    /**
     * A stored map whose keys are field names in the repository's camelCase (a snapshot's consistency
     * point), keyed as {@code --json} keys are and sorted, so that the output does not vary between runs.
     */
    static Map<String, Object> snakeCaseKeys(Map<String, ?> fields) {
        Map<String, Object> out = new TreeMap<>();
        fields.forEach((k, v) -> out.put(snakeCase(k), v));
        return out;
    }

    /** The object mapper's SNAKE_CASE translation, so that {@link #check} can hold the output to it. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char lower = Character.toLowerCase(c);
            if (c != lower) {
                if (!previousUpper && !out.isEmpty() && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                previousUpper = true;
            } else {
                previousUpper = false;
            }
            out.append(lower);
        }
        return out.toString();
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
