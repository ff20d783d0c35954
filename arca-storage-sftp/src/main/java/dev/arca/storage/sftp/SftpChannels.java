package dev.arca.storage.sftp;

import dev.arca.storage.ObjectExistsException;
import dev.arca.storage.ObjectNotFoundException;
import dev.arca.storage.ObjectRangeException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * A few SFTP channels over one SSH connection, lent to one call at a time. SFTP answers requests on a channel
 * in order, so a channel cannot be shared by threads; several channels let loads and saves overlap.
 *
 * <p>A channel whose call failed other than with an SFTP status may be broken, so it is dropped rather than
 * lent again, and the next call reconnects if the connection is gone. That is what lets a retrying decorator
 * ride out a server restart: the failed attempt throws, the next one finds a fresh connection.
 */
final class SftpChannels implements Closeable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final SftpLocation location;
    private final SshClient client;
    private final KnownHostsVerifier verifier;
    private final Semaphore slots;
    private final BlockingQueue<SftpClient> idle = new LinkedBlockingQueue<>();
    private ClientSession session;
    private volatile boolean closed;

    SftpChannels(SftpLocation location, List<KeyPair> keys, int size) {
        this.location = location;
        this.slots = new Semaphore(size);
        verifier = new KnownHostsVerifier(location);
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier);
        // The URL and the environment say everything; ~/.ssh/config must not quietly change host, port or key.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys));
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        // Without heartbeats a server that vanished without closing the connection would hang a call for good.
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(15));
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 4);
        // AES-GCM runs on the CPU's AES instructions in the JDK; MINA's default first choice, ChaCha20, is
        // pure Java and halves the throughput of a pack upload on this hardware.
        client.setCipherFactoriesNames("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr",
                "chacha20-poly1305@openssh.com");
        // A wider window keeps a 16 MiB pack streaming instead of waiting for window adjustments.
        CoreModuleProperties.WINDOW_SIZE.set(client, 16L << 20);
        client.start();
    }

    /** A unit of work on one channel. */
    @FunctionalInterface
    interface Work<T> {
        T run(SftpClient sftp) throws IOException;
    }

    <T> T call(Work<T> work) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location.location() + ": interrupted while waiting for an SFTP channel");
        }
        SftpClient channel = null;
        boolean healthy = false;
        try {
            channel = borrow();
            T result = work.run(channel);
            healthy = true;
            return result;
        } catch (IOException | RuntimeException e) {
            // A status reply, or a conclusion drawn from one, is an answer: the channel carried it, so it works.
            healthy = answered(e);
            throw e;
        } finally {
            if (channel != null) {
                if (healthy && !closed && channel.isOpen()) {
                    idle.offer(channel);
                } else {
                    closeQuietly(channel);
                }
            }
            slots.release();
        }
    }

    /** Connects now, so that a wrong host key or key is reported when the storage opens. */
    void connect() throws IOException {
        call(sftp -> null);
    }

    @Override
    public void close() {
        closed = true;
        for (SftpClient channel = idle.poll(); channel != null; channel = idle.poll()) {
            closeQuietly(channel);
        }
        synchronized (this) {
            if (session != null) {
                closeQuietly(session);
                session = null;
            }
        }
        client.stop();
    }

    private SftpClient borrow() throws IOException {
        for (SftpClient channel = idle.poll(); channel != null; channel = idle.poll()) {
            if (channel.isOpen() && channel.getClientSession().isOpen()) {
                return channel;
            }
            closeQuietly(channel);
        }
        ClientSession current = session();
        try {
            return SftpClientFactory.instance().createSftpClient(current);
        } catch (IOException e) {
            throw new IOException(location.location() + ": cannot start SFTP on " + location.host() + ": "
                    + describe(e), e);
        }
    }

    private synchronized ClientSession session() throws IOException {
        if (closed) {
            throw new IOException(location.location() + ": the storage is closed");
        }
        if (session != null && session.isOpen()) {
            return session;
        }
        if (session != null) {
            closeQuietly(session);
            session = null;
        }
        session = open();
        return session;
    }

    private ClientSession open() throws IOException {
        ClientSession opened;
        try {
            opened = client.connect(location.user(), location.host(), location.port())
                    .verify(CONNECT_TIMEOUT).getSession();
        } catch (IOException e) {
            throw new IOException(location.location() + ": cannot connect to " + location.host() + " port "
                    + location.port() + ": " + describe(e), e);
        }
        try {
            opened.auth().verify(CONNECT_TIMEOUT);
            return opened;
        } catch (IOException e) {
            String rejection = verifier.rejection(opened);
            closeQuietly(opened);
            if (rejection != null) {
                throw new IOException(location.location() + ": " + rejection, e);
            }
            if (String.valueOf(e.getMessage()).contains("No more authentication methods")) {
                throw new IOException(location.location() + ": the server refused the key "
                        + location.identities().stream().filter(Files::exists).map(Path::toString)
                                .collect(Collectors.joining(", "))
                        + " for user " + location.user() + "; add its public key (.pub) to that user's"
                        + " authorized_keys on the server, or name the right key with ?identity=/path or "
                        + SftpLocation.IDENTITY_VARIABLE, e);
            }
            throw new IOException(location.location() + ": cannot log in to " + location.host() + " port "
                    + location.port() + ": " + describe(e), e);
        }
    }

    private static boolean answered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SftpException || cause instanceof ObjectExistsException
                    || cause instanceof ObjectNotFoundException || cause instanceof ObjectRangeException
                    || cause instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Already broken or closing: there is nothing left to release, and no caller to tell.
        }
    }
}
