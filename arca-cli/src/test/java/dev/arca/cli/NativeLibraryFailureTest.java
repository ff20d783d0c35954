package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryFailureTest {
    @TempDir
    Path dir;

    @Test
    void zstdThatCannotLoadFromTheTemporaryDirectorySaysWhyAndWhereElseToGo() {
        StringWriter text = new StringWriter();
        // A noexec /tmp, as zstd-jni reports it, reaching the command from a blob worker.
        IOException failed = new IOException("backup failed", new UnsatisfiedLinkError(
                "/tmp/libzstd-jni-1.5.7-6123.so: /tmp/libzstd-jni-1.5.7-6123.so: failed to map segment from shared object\n"
                + "no zstd-jni-1.5.7-6 in java.library.path"));

        int code = Arca.failure(failed, new PrintWriter(text, true));

        assertThat(code).isEqualTo(ExitCode.FAILURE);
        assertThat(text.toString()).isEqualTo("arca: cannot load a native library: /tmp/libzstd-jni-1.5.7-6123.so: "
                + "/tmp/libzstd-jni-1.5.7-6123.so: failed to map segment from shared object\n"
                + "HINT: zstd-jni (compression) loads a copy of itself from the temporary directory ("
                + System.getProperty("java.io.tmpdir") + "), which must allow running code (not mounted noexec); run "
                + "arca through its launcher, which loads it from the installation, or choose another directory with "
                + "ARCA_JAVA_OPTS=-Djava.io.tmpdir=DIR\n");
    }

    @Test
    void aLauncherCopyOfZstdThatIsGoneFailsTheCommandWithoutAStackTrace() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "hello\n".repeat(1000));
        String repo = dir.resolve("repo").toString();
        assertThat(run(null, "init", "-r", repo).exit()).isZero();
        Path missing = dir.resolve("native/libzstd-jni.so");

        OwnJvm backup = run(missing, "backup", "-r", repo, data.toString());

        assertThat(backup.exit()).isEqualTo(ExitCode.FAILURE);
        assertThat(backup.err()).isEqualTo("arca: cannot load a native library: Can't load library: " + missing + "\n"
                + "HINT: zstd-jni (compression) was told to load " + missing + " (ZstdNativePath); delete it, and the "
                + "arca launcher copies it out of its jar again\n");
    }

    /** Runs arca in a JVM of its own, told to load zstd-jni from {@code zstd} unless that is null. */
    private static OwnJvm run(Path zstd, String... args) throws Exception {
        return OwnJvm.run(zstd == null ? List.of() : List.of("-DZstdNativePath=" + zstd), args);
    }
}
