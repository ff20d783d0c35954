package dev.arca.protect.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.plan.Source;
import dev.arca.protect.source.RecoveryWindow;
import dev.arca.repository.log.LogFile;
import dev.arca.repository.snapshot.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinlogChainTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final BackupPoint DUMP = new BackupPoint(new Snapshot("abcdef0123456789", T0, "h", "u", "s/db", List.of(),
            List.of(), "tree", null, null, null, "arca"), Source.Mariadb.Method.DUMP, BinlogName.of("binlog.000002"), 1000, Optional.of("0-1-5"),
            T0.plusSeconds(1), List.of("shop"));

    private static LogFile file(String name, long end, boolean complete, int seconds) {
        return new LogFile(name, end, complete, T0, T0.plusSeconds(seconds), List.of());
    }

    @Test
    void consecutiveFilesMakeOneWindowToTheNewestBytes() {
        BinlogChain chain = BinlogChain.of(DUMP, List.of(file("binlog.000001", 500, true, 1),
                file("binlog.000002", 4000, true, 20), file("binlog.000003", 900, false, 30)));
        assertThat(chain.files()).extracting(LogFile::log).containsExactly("binlog.000002", "binlog.000003");
        assertThat(chain.window()).isEqualTo(new RecoveryWindow(T0.plusSeconds(1), T0.plusSeconds(30), "abcdef01",
                Optional.empty()));
    }

    @Test
    void aMissingFileEndsTheWindowAndSaysWhich() {
        BinlogChain chain = BinlogChain.of(DUMP, List.of(file("binlog.000002", 4000, true, 20),
                file("binlog.000004", 900, false, 50)));
        assertThat(chain.files()).extracting(LogFile::log).containsExactly("binlog.000002");
        assertThat(chain.to()).isEqualTo(T0.plusSeconds(20));
        assertThat(chain.brokenBy()).hasValue("binlog binlog.000003 is missing from the repository");
    }

    @Test
    void aFileCutShortBeforeLaterOnesEndsTheWindow() {
        BinlogChain chain = BinlogChain.of(DUMP, List.of(file("binlog.000002", 3000, false, 20),
                file("binlog.000005", 900, false, 50)));
        assertThat(chain.to()).isEqualTo(T0.plusSeconds(20));
        assertThat(chain.brokenBy()).hasValue("binlog binlog.000002 is incomplete: only its first 3000 bytes are stored");
    }

    @Test
    void withoutStoredBinlogPastTheDumpTheWindowIsTheDumpAlone() {
        assertThat(BinlogChain.of(DUMP, List.of()).window())
                .isEqualTo(new RecoveryWindow(T0.plusSeconds(1), T0.plusSeconds(1), "abcdef01", Optional.empty()));
        assertThat(BinlogChain.of(DUMP, List.of(file("binlog.000002", 800, false, 40))).to()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void binlogNamesCountOnAndKeepTheirWidth() {
        assertThat(BinlogName.of("mysql-bin.000999").next()).hasToString("mysql-bin.001000");
        assertThat(BinlogName.parse("binlog.index")).isEmpty();
    }
}
