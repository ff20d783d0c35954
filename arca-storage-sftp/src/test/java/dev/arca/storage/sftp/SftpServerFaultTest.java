package dev.arca.storage.sftp;

import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.TestContent;
import dev.arca.storage.decorate.RetryPolicy;
import dev.arca.storage.decorate.RetryingStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real faults of a real server: a crash and restart mid-backup, a host key nobody vouched for, a wrong key. */
class SftpServerFaultTest {
    @RegisterExtension
    static final SshServer server = new SshServer();

    @Test
    void retriesRideOutAServerCrashAndNoPartialObjectIsEverVisible() throws Exception {
        AtomicInteger failedAttempts = new AtomicInteger();
        CountDownLatch someSaved = new CountDownLatch(8);
        List<ObjectKey> saved = new ArrayList<>();
        try (Storage storage = RetryingStorage.builder(server.open("crash", server.userKey(), true))
                .policy(new RetryPolicy(20, Duration.ofMillis(50), Duration.ofMillis(400)))
                .listener(attempt -> failedAttempts.incrementAndGet())
                .build()) {
            CompletableFuture<Void> saver = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 40; i++) {
                    byte[] data = TestContent.random(i, 96 * 1024 + i);
                    ObjectKey key = ObjectKey.of(ObjectKind.DATA, TestContent.sha256(data));
                    try {
                        storage.save(key, data);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    saved.add(key);
                    someSaved.countDown();
                }
            });
            assertThat(someSaved.await(30, TimeUnit.SECONDS)).isTrue();
            server.kill();
            Thread.sleep(300);
            server.restart();
            saver.get(60, TimeUnit.SECONDS);

            assertThat(failedAttempts.get()).as("attempts that failed while sshd was down").isPositive();
            List<ObjectInfo> listed = storage.list(ObjectKind.DATA);
            assertThat(listed).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(saved);
            for (ObjectInfo info : listed) {
                assertThat(TestContent.sha256(storage.load(info.key()))).isEqualTo(info.key().name());
            }
        }
    }

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprintAndTheFix() throws Exception {
        Path knownHosts = server.directory().resolve("empty_known_hosts");
        Files.writeString(knownHosts, "");
        String url = server.url("unknown-host");

        assertThatThrownBy(() -> open(url, server.userKey(), knownHosts))
                .hasMessage("sftp://" + SshServer.user() + "@127.0.0.1:" + server.port() + server.files()
                        + "/unknown-host: the host key of [127.0.0.1]:" + server.port() + " is not in " + knownHosts
                        + "; the server offered ssh-ed25519 key " + fingerprint(server.hostPublicKey())
                        + ". Verify that fingerprint with the server's administrator (ssh-keygen -lf on the"
                        + " server's host key), then add it with: ssh-keyscan -p " + server.port()
                        + " 127.0.0.1 >> " + knownHosts);
        assertThat(knownHosts).as("never written: nothing is trusted on first use").isEmptyFile();
    }

    @Test
    void changedHostKeyIsRefusedNamingBothFingerprints() throws Exception {
        Path knownHosts = server.directory().resolve("stale_known_hosts");
        String[] other = Files.readString(server.strangerKey().resolveSibling("stranger_ed25519.pub")).split(" ");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + other[0] + " " + other[1] + "\n");
        String url = server.url("changed-host");

        assertThatThrownBy(() -> open(url, server.userKey(), knownHosts))
                .hasMessage("sftp://" + SshServer.user() + "@127.0.0.1:" + server.port() + server.files()
                        + "/changed-host: the host key of [127.0.0.1]:" + server.port() + " has CHANGED: the server"
                        + " offered ssh-ed25519 key " + fingerprint(server.hostPublicKey()) + " but " + knownHosts
                        + " expects ssh-ed25519 key " + fingerprint(server.strangerKey().resolveSibling(
                                "stranger_ed25519.pub"))
                        + ". Someone may be intercepting the connection, or the server was reinstalled. Only after"
                        + " verifying the new fingerprint with the server's administrator, replace the entry with:"
                        + " ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + knownHosts
                        + " && ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts);
    }

    @Test
    void keyTheServerDoesNotKnowIsRefusedNamingTheKeyAndTheUser() {
        String url = server.url("wrong-key");

        assertThatThrownBy(() -> open(url, server.strangerKey(), server.knownHosts()))
                .hasMessage("sftp://" + SshServer.user() + "@127.0.0.1:" + server.port() + server.files()
                        + "/wrong-key: the server refused the key " + server.strangerKey() + " for user "
                        + SshServer.user() + "; add its public key (.pub) to that user's authorized_keys on the"
                        + " server, or name the right key with ?identity=/path or ARCA_SFTP_IDENTITY");
    }

    private static Storage open(String url, Path key, Path knownHosts) throws java.io.IOException {
        return new SftpStorageProvider(java.util.Map.of(), server.files().resolve("home"), SshServer.user())
                .open(URI.create(url + "?identity=" + key + "&known-hosts=" + knownHosts), true);
    }

    /** The fingerprint as OpenSSH prints it, so the test does not trust the code it checks. */
    private static String fingerprint(Path publicKey) throws Exception {
        Process keygen = new ProcessBuilder("ssh-keygen", "-lf", publicKey.toString()).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keygen.waitFor()).isZero();
        return output.split(" ")[1];
    }
}
