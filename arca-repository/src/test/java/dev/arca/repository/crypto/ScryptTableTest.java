package dev.arca.repository.crypto;

import java.nio.IntBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScryptTableTest {

    @Test
    void theTableStartsZeroedAndIsGoneOnceClosedWhereTheJdkHasArenas() {
        IntBuffer ints;
        try (ScryptTable table = new ScryptTable(1 << 16)) {
            ints = table.ints();
            assertThat(ints.capacity()).isEqualTo(1 << 16);
            assertThat(ints.isDirect()).isTrue();
            assertThat(ints.get(0) | ints.get(ints.capacity() - 1)).isZero();
            ints.put(7, 42);
            assertThat(ints.get(7)).isEqualTo(42);
        }
        if (Runtime.version().feature() >= 22) {
            // The memory went back to the system at close: the buffer refuses to reach it.
            assertThatThrownBy(() -> ints.get(7)).isInstanceOf(IllegalStateException.class);
        }
    }
}
