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
}
