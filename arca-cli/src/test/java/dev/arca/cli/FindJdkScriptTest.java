package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/find-jdk.sh, which ./arca, ./run-tests and .ci/run source to pick a JDK of version 21 or later. */
class FindJdkScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "find-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void readsTheVersionFromTheReleaseFileWithoutRunningJava() throws Exception {
        // The java here fails if run, so the answer can only come from the release file.
        Path jdk = fakeJdk("jdk21", "exit 1", "JAVA_VERSION=\"21.0.4\"");
        Path old = fakeJdk("jdk8", "exit 1", "JAVA_VERSION=\"1.8.0_402\"");

        assertThat(bash("arca_java_major " + jdk.resolve("bin/java") + "; echo $REPLY")).isEqualTo("21");
        assertThat(bash("arca_java_major " + old.resolve("bin/java") + "; echo $REPLY")).isEqualTo("8");
    }

    @Test
    void asksJavaItselfWhenThereIsNoReleaseFile() throws Exception {
        Path jdk = fakeJdk("bare", "echo 'openjdk version \"17.0.2\" 2022-01-18' >&2", null);

        assertThat(bash("arca_java_major " + jdk.resolve("bin/java") + "; echo $REPLY")).isEqualTo("17");
    }

    @Test
    void takesJavaHomeWhenItIsRecentEnough() throws Exception {
        Path jdk = fakeJdk("jdk22", "exit 1", "JAVA_VERSION=\"22\"");

        assertThat(bash("JAVA_HOME=" + jdk + "; arca_find_jdk; echo \"$ARCA_JAVA_HOME $ARCA_JAVA_MAJOR\""))
                .isEqualTo(jdk + " 22");
    }

    @Test
    void findsJavaOnThePathAsCommandVDoesSkippingWhatIsNotAnExecutableFile() throws Exception {
        Path notExecutable = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(notExecutable.resolve("java"), "#!/bin/sh\n");
        Path directory = Files.createDirectories(dir.resolve("dirs/java"));
        Path jdk = fakeJdk("jdk21", "exit 1", "JAVA_VERSION=\"21.0.4\"");
        String path = notExecutable + ":" + directory.getParent() + "::" + jdk.resolve("bin") + ":/usr/bin";

        assertThat(bash("PATH='" + path + "'; arca_path_java; echo \"$REPLY\"; PATH=/nowhere; arca_path_java || echo none"))
                .isEqualTo(jdk.resolve("bin/java") + "\nnone");
        assertThat(bash("cd '" + jdk.resolve("bin") + "'; PATH=/nowhere:; arca_path_java; echo \"$REPLY\""))
                .isEqualTo("./java");
    }

    @Test
    void amongInstalledJdksTakesTheNewestNotTheLastInNameOrder() throws Exception {
        fakeJdk("zulu-17", "exit 1", "JAVA_VERSION=\"17.0.9\"");
        Path newest = fakeJdk("jdk-25", "exit 1", "JAVA_VERSION=\"25.0.1\"");
        fakeJdk("jdk-21", "exit 1", "JAVA_VERSION=\"21.0.4\"");
        fakeJdk("jdk-9", "exit 1", "JAVA_VERSION=\"9.0.4\"");
        Files.createDirectories(dir.resolve("not-a-jdk"));

        assertThat(bash("arca_take_newest_jdk " + dir + "/*/; echo \"$ARCA_JAVA_HOME $ARCA_JAVA_MAJOR\""))
                .isEqualTo(newest + " 25");
    }

    @Test
    void refusesInstalledJdksThatAreAllTooOld() throws Exception {
        fakeJdk("jdk-17", "exit 1", "JAVA_VERSION=\"17.0.9\"");

        assertThat(bash("arca_take_newest_jdk " + dir + "/*/ || echo none")).isEqualTo("none");
    }

    private Path fakeJdk(String name, String javaBody, String release) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path file = home.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\n" + javaBody + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (release != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\n" + release + "\n");
        }
        return home;
    }

    private static String bash(String commands) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". '" + SCRIPT + "'; " + commands).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
