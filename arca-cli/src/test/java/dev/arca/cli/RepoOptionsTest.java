package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RepoOptionsTest {
    @Test
    void theHostNameIsTheOneEarlierSnapshotsRecorded() throws Exception {
        // Backups pick their parent snapshot by host: the name read from /proc must be the one that
        // InetAddress gave before, or the first backup after an upgrade would read every file again.
        assertThat(RepoOptions.host()).isEqualTo(InetAddress.getLocalHost().getHostName()).isNotBlank();
    }
}
