package dev.arca.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The object mapper, as configured, that wrote the repository's JSON documents before the streaming
 * codecs ({@link JsonFields}): tests hold each codec to its output, so that repositories it wrote read
 * the same and documents written now are what it would have written.
 */
public final class LegacyMapper {
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private LegacyMapper() {
    }
}
