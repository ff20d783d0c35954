package dev.arca.storage.sftp;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Accepts a server only if its host key is in the known-hosts file, and otherwise keeps, for the failed
 * login to report, the words that tell the operator what was offered and how to fix it. A backup client
 * that trusted on first use would hand every repository password and all data to whoever answers first,
 * so nothing is ever accepted silently and the file is never written.
 */
final class KnownHostsVerifier extends KnownHostsServerKeyVerifier {
    /**
     * Why a session's handshake was refused, read when its login fails. Not a session attribute: a refused
     * session is closed on the I/O thread, and under load the attribute was at times gone before the caller
     * read it, so that the operator got only "Server key did not validate".
     */
    private final Map<ClientSession, String> rejections = Collections.synchronizedMap(new WeakHashMap<>());

    private final SftpLocation location;

    KnownHostsVerifier(SftpLocation location) {
        super(RejectAllServerKeyVerifier.INSTANCE, location.knownHosts());
        this.location = location;
        setModifiedServerKeyAcceptor(this);
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey offered) {
        rejections.put(session, "the host key of " + hostLabel() + " is not in " + location.knownHosts()
                + "; the server offered " + describe(offered) + ". Verify that fingerprint with the server's"
                + " administrator (ssh-keygen -lf on the server's host key), then add it with: "
                + keyscan(location.knownHosts()));
        return false;
    }

    @Override
    public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote, KnownHostEntry entry,
                                           PublicKey expected, PublicKey offered) {
        rejections.put(session, "the host key of " + hostLabel() + " has CHANGED: the server offered "
                + describe(offered) + " but " + location.knownHosts() + " expects " + describe(expected)
                + ". Someone may be intercepting the connection, or the server was reinstalled. Only after"
                + " verifying the new fingerprint with the server's administrator, replace the entry with: "
                + "ssh-keygen -R '" + hostLabel() + "' -f " + location.knownHosts() + " && "
                + keyscan(location.knownHosts()));
        return false;
    }

    @Override
    protected void handleRevokedKey(ClientSession session, SocketAddress remote, PublicKey offered) {
        rejections.put(session, "the host key of " + hostLabel() + " (" + describe(offered)
                + ") is marked @revoked in " + location.knownHosts() + "; the server must get a new host key");
    }

    /** Why {@code session}'s server was refused, or null if it was not; forgets the reason. */
    String rejection(ClientSession session) {
        return rejections.remove(session);
    }

    /** How known_hosts names the host: bare on port 22, {@code [host]:port} otherwise. */
    private String hostLabel() {
        return location.port() == SftpLocation.DEFAULT_PORT ? location.host()
                : "[" + location.host() + "]:" + location.port();
    }

    private String keyscan(Path knownHosts) {
        return "ssh-keyscan -p " + location.port() + " " + location.host() + " >> " + knownHosts;
    }

    private static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key);
    }
}
