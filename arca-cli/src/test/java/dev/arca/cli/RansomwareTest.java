package dev.arca.cli;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.ObjectLockedException;
import dev.arca.storage.Storage;
import dev.arca.storage.sftp.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ransomware case of DESIGN.md section 5, end to end against a real OpenSSH server: the backup
 * host's own SFTP key is append-only. With it, backups work; forget cannot remove anything; an attacker
 * holding the key can neither delete nor overwrite a snapshot; and the repository restores cleanly.
 */
class RansomwareTest {
    @RegisterExtension
    static final SshServer server = new SshServer();
    @TempDir
    Path dir;

    private String url(Path key) {
        return server.url("ransom") + "?identity=" + key + "&known-hosts=" + server.knownHosts();
    }

    private static CliRun run(String... args) {
        return CliRun.with(Map.of("ARCA_PASSWORD", CliRun.PASSWORD), new byte[0], Clock.systemUTC(), args);
    }

    @Test
    void withTheBackupKeyNothingStoredCanBeRemovedOrReplacedAndTheCopyRestores() throws IOException {
        Path data = Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(data.resolve("invoice.pdf"), "the real invoice");
        assertThat(run("init", "-r", url(server.userKey())).exit()).isZero();
        String backupKey = url(server.appendOnlyKey());
        CliRun b1 = run("backup", "-r", backupKey, data.toString());
        assertThat(b1.exit()).as(b1.err()).isZero();
        Files.writeString(data.resolve("invoice.pdf"), "ENCRYPTED BY RANSOMWARE");
        assertThat(run("backup", "-r", backupKey, data.toString()).exit()).isZero();

        CliRun forget = run("forget", "-r", backupKey, "--keep-last", "1", "--prune");

        assertThat(forget.exit()).as(forget.err()).isZero();
        assertThat(forget.out()).contains("(immutable)", "removed 0 snapshot(s), kept 2");

        try (Storage attacker = server.open("ransom", server.appendOnlyKey(), false)) {
            List<ObjectInfo> snapshots = attacker.list(ObjectKind.SNAPSHOTS);
            assertThat(snapshots).hasSize(2);
            for (ObjectInfo s : snapshots) {
                assertThatThrownBy(() -> attacker.remove(s.key())).isInstanceOf(ObjectLockedException.class);
                assertThatThrownBy(() -> attacker.save(s.key(), new byte[] {0})).isInstanceOf(ObjectExistsException.class);
            }
        }

        assertThat(run("check", "-r", backupKey, "--read-data").exit()).isZero();
        // The oldest snapshot is the one taken before the ransomware struck.
        var snaps = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run("snapshots", "-r", backupKey, "--json").out());
        String first = snaps.get(0).get("id").asText();
        CliRun restore = run("restore", "-r", backupKey, first, "--target", dir.resolve("clean").toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(Files.readString(dir.resolve("clean").resolve(data.toString().substring(1)).resolve("invoice.pdf")))
                .isEqualTo("the real invoice");
    }
}
