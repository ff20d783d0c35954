package dev.arca.storage.sftp;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ransomware case: the backup host's key is stolen. With that key bound to
 * {@code internal-sftp -P remove,rmdir,setstat,fsetstat,lsetstat,posix-rename}, backups still save, but
 * nothing already stored can be removed or replaced, through arca or through any other SFTP client.
 */
class AppendOnlyTest {
    @RegisterExtension
    static final SshServer server = new SshServer();

    @Test
    void savesWorkButRemovalAndOverwritingAreRefused() throws IOException {
        ObjectKey old = ObjectKey.of(ObjectKind.SNAPSHOTS, "yesterday");
        ObjectKey fresh = ObjectKey.of(ObjectKind.DATA, "ab12");
        try (Storage admin = server.open("append-only", server.userKey(), true)) {
            admin.save(old, "precious".getBytes(StandardCharsets.UTF_8));
        }

        try (Storage backup = server.open("append-only", server.appendOnlyKey(), false)) {
            backup.save(fresh, new byte[] {1, 2, 3});
            assertThat(backup.load(fresh)).containsExactly(1, 2, 3);

            assertThatThrownBy(() -> backup.remove(old))
                    .isNotInstanceOf(ObjectExistsException.class)
                    .hasMessage(backup.location() + ": snapshots/yesterday: cannot remove: the server denied it: the"
                            + " repository is append-only (immutable) on the server side for these credentials;"
                            + " prune with credentials that may remove, or on the server itself");
            assertThatThrownBy(() -> backup.save(old, "ransom".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(ObjectExistsException.class)
                    .hasMessage(backup.location()
                            + ": snapshots/yesterday: object already exists and objects are never overwritten");

            assertThat(backup.load(old)).asString(StandardCharsets.UTF_8).isEqualTo("precious");
            assertThat(backup.list(ObjectKind.SNAPSHOTS)).containsExactly(new ObjectInfo(old, 8));
        }
    }

    @Test
    void theServerRefusesOtherClientsToo() throws Exception {
        try (Storage admin = server.open("other-client", server.userKey(), true)) {
            admin.save(ObjectKey.of(ObjectKind.KEYS, "master"), new byte[] {7});
            admin.save(ObjectKey.of(ObjectKind.KEYS, "decoy"), new byte[] {6});
        }
        String keys = server.files().resolve("other-client/keys").toString();

        // OpenSSH's own client, as an attacker holding the key would use it.
        assertThat(sftp("rm " + keys + "/master")).contains("Permission denied");
        // A plain rename onto an object is refused anyway (never overwrite); posix-rename would replace it.
        assertThat(sftp("rename " + keys + "/decoy " + keys + "/master")).contains("/master\": Failure");
        assertThat(posixRename(keys + "/decoy", keys + "/master"))
                .isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
        assertThat(sftp("rmdir " + keys)).contains("Permission denied");
        assertThat(sftp("chmod 000 " + keys + "/master")).contains("Permission denied");
        assertThat(Files.readAllBytes(Path.of(keys, "master"))).containsExactly(7);
    }

    /** Tries the rename that replaces its target, which OpenSSH's sftp client only sends on request. */
    private static int posixRename(String from, String to) throws IOException {
        SftpLocation location = SftpLocation.parse(URI.create(server.url("other-client")),
                Map.of(SftpLocation.IDENTITY_VARIABLE, server.appendOnlyKey().toString(),
                        SftpLocation.KNOWN_HOSTS_VARIABLE, server.knownHosts().toString()),
                server.directory(), SshServer.user());
        try (SftpChannels channels = new SftpChannels(location, Identities.load(location), 1)) {
            channels.call(sftp -> {
                sftp.getExtension(OpenSSHPosixRenameExtension.class).posixRename(from, to);
                return null;
            });
            return SftpConstants.SSH_FX_OK;
        } catch (SftpException e) {
            return e.getStatus();
        }
    }

    /** Runs one command of OpenSSH's sftp client with the append-only key; returns what it printed. */
    private static String sftp(String command) throws Exception {
        Process sftp = new ProcessBuilder("sftp", "-b", "-", "-i", server.appendOnlyKey().toString(),
                "-o", "UserKnownHostsFile=" + server.knownHosts(), "-o", "BatchMode=yes",
                "-P", String.valueOf(server.port()), SshServer.user() + "@127.0.0.1")
                .redirectErrorStream(true).start();
        sftp.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        sftp.getOutputStream().close();
        String output = new String(sftp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sftp.waitFor()).as("exit status of sftp for '%s': %s", command, output).isNotZero();
        return output;
    }
}
