package dev.arca.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BlobIdTest {
    private static final String HEX = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";

    @Test
    void roundTripsBetweenBytesAndHex() {
        BlobId id = BlobId.parse(HEX);

        assertThat(id.hex()).isEqualTo(HEX);
        assertThat(id).hasToString(HEX);
        assertThat(id.bytes()).isEqualTo(HexFormat.of().parseHex(HEX));
        assertThat(BlobId.of(id.bytes())).isEqualTo(id);
    }

    @Test
    void parsesUpperCaseHex() {
        assertThat(BlobId.parse(HEX.toUpperCase())).isEqualTo(BlobId.parse(HEX));
    }

    @Test
    void prefixIsTheFirstEightBytesBigEndian() {
        assertThat(BlobId.parse(HEX).prefix()).isEqualTo(0x0011223344556677L);
    }

    @Test
    void equalsAndHashesOnContent() {
        BlobId first = BlobId.of(HexFormat.of().parseHex(HEX));
        BlobId second = BlobId.parse(HEX);

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first).isNotEqualTo(BlobId.parse(HEX.replace('0', '1')));
    }

    @Test
    void ordersAsUnsignedBytesLikeTheHexForm() {
        List<String> hexes = List.of(
                "ff" + "00".repeat(31),
                "00".repeat(31) + "01",
                "7f" + "ff".repeat(31),
                "80" + "00".repeat(31),
                "00".repeat(8) + "80" + "00".repeat(23));

        List<String> sorted = hexes.stream().map(BlobId::parse).sorted().map(BlobId::hex).toList();

        assertThat(sorted).isEqualTo(hexes.stream().sorted().toList());
    }

    @Test
    void readsAndWritesAtAnOffset() {
        byte[] buffer = new byte[40];
        BlobId id = BlobId.parse(HEX);

        id.writeTo(buffer, 5);

        assertThat(BlobId.of(buffer, 5)).isEqualTo(id);
        assertThat(Stream.of(buffer[4], buffer[37])).containsOnly((byte) 0);
    }

    @Test
    void rejectsHexOfTheWrongLength() {
        assertThatThrownBy(() -> BlobId.parse("abcd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blob id 'abcd': expected 64 hex digits, got 4");
    }

    @Test
    void rejectsNonHexDigits() {
        String bad = "zz" + HEX.substring(2);

        assertThatThrownBy(() -> BlobId.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blob id '" + bad + "': not hexadecimal");
    }

    @Test
    void rejectsBytesOfTheWrongLength() {
        assertThatThrownBy(() -> BlobId.of(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blob id: expected 32 bytes, got 31");
    }
}
