package dev.arca.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.repository.chunker.ChunkSizes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The config's codec writes what the object mapper wrote, and reads what it wrote. */
class JsonDocumentsTest {
    @Test
    void theConfigIsWrittenAsTheMapperWroteIt() throws Exception {
        for (RepositoryConfig c : new RepositoryConfig[] {
                new RepositoryConfig(2, "4f2a9c01", ChunkSizes.DEFAULT, 3, 16 << 20, null),
                new RepositoryConfig(2, "4f2a9c01", new ChunkSizes(256, 1024, 4096), 19, 1 << 20, 30)}) {
            byte[] legacy = LegacyMapper.JSON.writeValueAsBytes(c);

            assertThat(new String(ConfigJson.write(c), StandardCharsets.UTF_8)).isEqualTo(new String(legacy, StandardCharsets.UTF_8));
            assertThat(ConfigJson.read(legacy)).isEqualTo(c);
        }
    }

    @Test
    void aConfigWithAnUnknownFieldOrABadValueIsDamage() {
        assertThatThrownBy(() -> ConfigJson.read("{\"version\":2,\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("config: not a valid RepositoryConfig document: unknown field 'colour'");
        assertThatThrownBy(() -> ConfigJson.read(("{\"version\":2,\"id\":\"x\",\"chunks\":{\"minimum\":256,\"average\":1024,"
                + "\"maximum\":4096},\"compressionLevel\":25,\"packSize\":16777216}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessage("config: not a valid RepositoryConfig document: compression level 25 is outside 1-19");
        assertThatThrownBy(() -> ConfigJson.read("{\"version\":\"2\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageStartingWith("config: not a valid RepositoryConfig document: version: expected VALUE_NUMBER_INT, got VALUE_STRING");
    }

    @Test
    void anOlderFormatVersionIsStillToldApartFromDamage() {
        assertThatThrownBy(() -> ConfigJson.read(("{\"version\":1,\"id\":\"x\",\"chunks\":{\"minimum\":256,\"average\":1024,"
                + "\"maximum\":4096},\"compressionLevel\":3,\"packSize\":16777216}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptObjectException.class)
                .hasCauseInstanceOf(UnsupportedFormatException.class);
    }

    @Test
    void timesAreWrittenAsInstantToStringWritesThem() {
        // Trees, snapshots and locks hold times as this text, and a tree's id is the hash of its bytes: a
        // time written differently would give every unchanged directory a new tree.
        java.util.Random random = new java.util.Random(11);
        long first = -62_167_219_200L; // 0000-01-01T00:00:00Z
        long last = 253_402_300_799L;  // 9999-12-31T23:59:59Z
        java.util.List<java.time.Instant> times = new java.util.ArrayList<>(java.util.List.of(
                java.time.Instant.EPOCH, java.time.Instant.MIN, java.time.Instant.MAX,
                java.time.Instant.ofEpochSecond(first), java.time.Instant.ofEpochSecond(first - 1, 999_999_999),
                java.time.Instant.ofEpochSecond(last, 999_999_999), java.time.Instant.ofEpochSecond(last + 1),
                java.time.Instant.parse("2024-02-29T23:59:59.100Z"), java.time.Instant.parse("1969-12-31T23:59:59.000001Z")));
        for (int i = 0; i < 200_000; i++) {
            long second = first - 1_000 + (long) (random.nextDouble() * (last - first + 2_000));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            times.add(java.time.Instant.ofEpochSecond(second, nanos));
        }
        for (java.time.Instant t : times) {
            assertThat(JsonFields.text(t)).as("%s", t).isEqualTo(t.toString());
        }
    }
}
