package dev.arca.storage.sftp;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The private keys a storage logs in with. They are read when the storage opens, so that a missing or
 * unreadable key is reported by name then, rather than as a bare "authentication failed" later.
 */
final class Identities {

    private Identities() {
    }

    static List<KeyPair> load(SftpLocation location) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        for (Path file : location.identities()) {
            if (!Files.exists(file)) {
                if (location.identityNamed()) {
                    throw new IOException(location.location() + ": identity file " + file + " does not exist");
                }
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                // No passphrase can be asked for: a backup runs unattended. An encrypted key fails here, by name.
                SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                        FilePasswordProvider.EMPTY).forEach(keys::add);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IOException(location.location() + ": cannot read private key " + file + " ("
                        + e.getMessage() + "); arca needs an unencrypted key file readable by this user", e);
            }
        }
        if (keys.isEmpty()) {
            throw new IOException(location.location() + ": no private key to log in with: none of "
                    + location.identities().stream().map(Path::toString).collect(Collectors.joining(", "))
                    + " exists; create one with ssh-keygen -t ed25519, or name one with ?identity=/path or "
                    + SftpLocation.IDENTITY_VARIABLE);
        }
        return keys;
    }
}
