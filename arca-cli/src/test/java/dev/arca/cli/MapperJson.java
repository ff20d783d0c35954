package dev.arca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The object mapper as {@code --json} used it before it wrote with the streaming generator: every document
 * the CLI's tests produce is compared with its output, byte for byte ({@link CliRun} installs the check).
 */
final class MapperJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private MapperJson() {
    }

    /** Every key a script reads is snake_case, as restic's are. */
    private static void snakeCaseKeys(JsonNode node, String at, String document) {
        if (node.isArray()) {
            node.forEach(item -> snakeCaseKeys(item, at + "[]", document));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
                    throw new AssertionError("--json key '" + e.getKey() + "' at '" + at + "' is not snake_case in\n" + document);
                }
                snakeCaseKeys(e.getValue(), at + "." + e.getKey(), document);
            });
        }
    }

    static void install() {
        JsonOutput.check = (value, written) -> {
            String expected;
            try {
                expected = MAPPER.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!expected.equals(written)) {
                throw new AssertionError("--json output differs from the object mapper's\nmapper:\n" + expected
                        + "\nwritten:\n" + written);
            }
            try {
                snakeCaseKeys(MAPPER.readTree(written), "", written);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
