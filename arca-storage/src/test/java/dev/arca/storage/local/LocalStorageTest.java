package dev.arca.storage.local;

import dev.arca.storage.ObjectInfo;
import dev.arca.storage.ObjectKey;
import dev.arca.storage.ObjectKind;
import dev.arca.storage.Storage;
import dev.arca.storage.TestContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStorageTest {
    @TempDir
    Path directory;

    @Test
    void createsTheLayoutAndFansOutDataOnly() throws IOException {
        Path root = directory.resolve("repository");
        LocalStorage storage = LocalStorage.open(root, true);

        storage.save(ObjectKey.of(ObjectKind.DATA, "abcdef"), new byte[] {1});
        storage.save(ObjectKey.of(ObjectKind.DATA, "x"), new byte[] {2});
        storage.save(ObjectKey.of(ObjectKind.KEYS, "abcdef"), new byte[] {3});
        storage.save(ObjectKey.of(ObjectKind.CONFIG, "config"), new byte[] {4});

        assertThat(root.resolve("data/ab/abcdef")).hasBinaryContent(new byte[] {1});
        assertThat(root.resolve("data/x/x")).hasBinaryContent(new byte[] {2});
        assertThat(root.resolve("keys/abcdef")).hasBinaryContent(new byte[] {3});
        assertThat(root.resolve("config/config")).hasBinaryContent(new byte[] {4});
        for (String area : List.of("config", "keys", "locks", "snapshots", "index", "data", "logs", "tmp")) {
            assertThat(root.resolve(area)).isDirectory();
        }
        assertThat(root.resolve("tmp")).isEmptyDirectory();
        assertThat(storage.location()).isEqualTo(root.toString());
    }

    @Test
    void missingRepositoryIsNotCreatedUnlessAsked() {
        Path root = directory.resolve("absent");

        assertThatThrownBy(() -> LocalStorage.open(root, false))
                .isExactlyInstanceOf(dev.arca.storage.StorageNotFoundException.class)
                .hasMessage("repository '" + root + "' does not exist");
        assertThat(root).doesNotExist();
    }

    @Test
    void fileInPlaceOfTheRepositoryIsRefused() throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "not a repository");

        assertThatThrownBy(() -> LocalStorage.open(file, false))
                .hasMessage("repository '" + file + "' is not a directory");
        assertThatThrownBy(() -> LocalStorage.open(file, true))
                .hasMessage("repository '" + file + "' is not a directory");
        assertThatThrownBy(() -> LocalStorage.open(file.resolve("below"), true))
                .hasMessage("repository '" + file.resolve("below") + "' cannot be created: Not a directory ("
                        + file.resolve("below") + ")");
    }

    @Test
    void repositoryWithoutItsAreasIsEmptyAndFillsThemOnDemand() throws IOException {
        Path root = Files.createDirectory(directory.resolve("bare"));
        LocalStorage storage = LocalStorage.open(root, false);

        for (ObjectKind kind : ObjectKind.values()) {
            assertThat(storage.list(kind)).isEmpty();
        }
        storage.save(ObjectKey.of(ObjectKind.DATA, "ff00"), new byte[] {7});
        assertThat(root.resolve("data/ff/ff00")).hasBinaryContent(new byte[] {7});
    }

    @Test
    void fullDiskLeavesNeitherObjectNorTemporaryFile() throws IOException {
        Path root = directory.resolve("repository");
        ContentWriter fillsUp = (channel, data) -> {
            channel.write(ByteBuffer.wrap(data, 0, data.length / 2));
            throw new IOException("No space left on device");
        };
        LocalStorage full = LocalStorage.open(root, true, fillsUp, true);
        ObjectKey key = ObjectKey.of(ObjectKind.DATA, "abcd");
        byte[] data = TestContent.random(1, 100_000);

        assertThatThrownBy(() -> full.save(key, data))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage(root + ": data/abcd: cannot save: No space left on device");

        assertThat(full.stat(key)).isEmpty();
        assertThat(full.list(ObjectKind.DATA)).isEmpty();
        assertThat(root.resolve("tmp")).isEmptyDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        LocalStorage healthy = LocalStorage.open(root, false);
        healthy.save(key, data);
        assertThat(healthy.load(key)).isEqualTo(data);
    }

    @Test
    void onlyStaleTemporaryFilesAreCleanedAndNoneIsEverListed() throws IOException {
        LocalStorage storage = LocalStorage.open(directory.resolve("repository"), true);
        ObjectKey key = ObjectKey.of(ObjectKind.INDEX, "published");
        storage.save(key, new byte[] {1, 2});
        Path tmp = storage.temporaryArea();
        Path stale = Files.write(tmp.resolve("data-dead-0000000000000001.tmp"), new byte[10]);
        Path running = Files.write(tmp.resolve("data-alive-0000000000000002.tmp"), new byte[10]);
        // A crash between publishing (hard link) and deleting the temporary leaves a second link.
        Path leftoverLink = tmp.resolve("index-published-0000000000000003.tmp");
        Files.createLink(leftoverLink, storage.path(key));
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        Files.setLastModifiedTime(stale, FileTime.from(twoHoursAgo));
        Files.setLastModifiedTime(leftoverLink, FileTime.from(twoHoursAgo));

        assertThat(storage.list(ObjectKind.DATA)).isEmpty();
        assertThat(storage.list(ObjectKind.INDEX)).containsExactly(new ObjectInfo(key, 2));
        assertThat(storage.cleanTemporary()).isEqualTo(2);

        assertThat(stale).doesNotExist();
        assertThat(leftoverLink).doesNotExist();
        assertThat(running).exists();
        assertThat(storage.load(key)).containsExactly(1, 2);
    }

    @Test
    void foreignFilesInTheAreasAreNotObjects() throws IOException {
        Path root = directory.resolve("repository");
        LocalStorage storage = LocalStorage.open(root, true);
        ObjectKey real = ObjectKey.of(ObjectKind.DATA, "ab12");
        storage.save(real, new byte[] {1});
        Files.write(root.resolve("data/ab/.ab34.swp"), new byte[1]);
        Files.write(root.resolve("data/ab/cd56"), new byte[1]);
        Files.write(root.resolve("data/stray"), new byte[1]);
        Files.createDirectories(root.resolve("keys/subdirectory"));
        Files.write(root.resolve("keys/name with spaces"), new byte[1]);

        assertThat(storage.list(ObjectKind.DATA)).containsExactly(new ObjectInfo(real, 1));
        assertThat(storage.list(ObjectKind.KEYS)).isEmpty();
        assertThat(storage.stat(ObjectKey.of(ObjectKind.KEYS, "subdirectory"))).isEmpty();
    }

    @Test
    void providerOpensFileUrls() throws IOException {
        Path root = directory.resolve("via url");
        LocalStorageProvider provider = new LocalStorageProvider();

        try (Storage storage = provider.open(root.toUri(), true)) {
            assertThat(storage.location()).isEqualTo(root.toString());
        }
        try (Storage storage = provider.open(URI.create("file://localhost" + root.toUri().getRawPath()), false)) {
            assertThat(storage.location()).isEqualTo(root.toString());
        }
        assertThat(provider.schemes()).containsExactly("file");
    }

    @Test
    void providerRefusesRemoteAndMalformedFileUrls() {
        LocalStorageProvider provider = new LocalStorageProvider();

        assertThatThrownBy(() -> provider.open(URI.create("file://nas/backup"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 'file://nas/backup': file URLs cannot name a host ('nas');"
                        + " mount the share and give its local path, or use sftp://");
        assertThatThrownBy(() -> provider.open(URI.create("file:relative"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository 'file:relative': expected file:///absolute/path");
    }

    /**
     * A real crash: a child JVM saves in a loop and is killed with SIGKILL (on POSIX) while one save is
     * half-written. Afterwards only the complete objects are listed, each verified by its name (the hash of
     * its content); the torn save left a temporary file, which blocks nothing and is cleaned once stale.
     */
    @Test
    @Timeout(120)
    void killedWriterLeavesOnlyCompleteObjects() throws Exception {
        Path root = directory.resolve("repository");
        LocalStorage storage = LocalStorage.open(root, true);
        int complete = 20;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashingSaver.class.getName(),
                root.toString(), Integer.toString(complete))
                .redirectError(directory.resolve("child.err").toFile()).start();
        try (BufferedReader output = child.inputReader()) {
            assertThat(output.readLine()).as("the child's report; its errors: %s",
                    directory.resolve("child.err")).isEqualTo(CrashingSaver.STALLED);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        List<ObjectKey> saved = IntStream.range(0, complete).mapToObj(CrashingSaver::key).toList();
        assertThat(storage.list(ObjectKind.DATA)).extracting(ObjectInfo::key).containsExactlyInAnyOrderElementsOf(saved);
        for (ObjectKey key : saved) {
            assertThat(TestContent.sha256(storage.load(key))).isEqualTo(key.name());
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(storage.temporaryArea())) {
            leftovers = files.toList();
        }
        assertThat(leftovers).singleElement().satisfies(torn ->
                assertThat(Files.size(torn)).isEqualTo(CrashingSaver.content(complete).length / 2));

        storage.save(CrashingSaver.key(complete), CrashingSaver.content(complete));
        assertThat(storage.load(CrashingSaver.key(complete))).isEqualTo(CrashingSaver.content(complete));
        Files.setLastModifiedTime(leftovers.getFirst(), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        assertThat(storage.cleanTemporary()).isEqualTo(1);
    }
}
