package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * scripts/locale.sh, which ./arca sources so that file names reach the JVM as UTF-8 when no locale is set
 * (cron, systemd, {@code env -i}); in the C locale's ASCII a name such as "été" was stored as "��t��".
 */
class LocaleScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "locale.sh").toAbsolutePath().normalize();
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void noLocaleOrTheCLocaleBecomesCWithUtf8() throws Exception {
        assertThat(run("", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[C.UTF-8]");
        assertThat(run("LC_ALL=C", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[C.UTF-8]");
        assertThat(run("LANG=POSIX", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[C.UTF-8]");
        // LC_CTYPE outranks LANG for the character set, and LC_ALL outranks both.
        assertThat(run("LANG=de_DE.ISO-8859-1 LC_CTYPE=C", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[C.UTF-8]");
    }

    @Test
    void aLocaleThatIsSetIsLeftAlone() throws Exception {
        assertThat(run("LANG=C.UTF-8", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[]");
        assertThat(run("LC_CTYPE=de_DE.ISO-8859-1", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[]");
        assertThat(run("LC_ALL=C.utf8 LANG=C", "arca_utf8_file_names; echo \"[$LC_ALL]\"")).isEqualTo("[C.utf8]");
    }

    @Test
    void theJvmThenReadsFileNamesAsUtf8() throws Exception {
        String property = " | grep -o 'sun.jnu.encoding = .*'";
        assertThat(run("", "'" + JAVA + "' -XshowSettings:properties -version 2>&1" + property))
                .as("without the script, no locale means ASCII").isEqualTo("sun.jnu.encoding = ANSI_X3.4-1968");
        assertThat(run("", "arca_utf8_file_names; '" + JAVA + "' -XshowSettings:properties -version 2>&1" + property))
                .isEqualTo("sun.jnu.encoding = UTF-8");
    }

    /** Runs {@code commands} after sourcing the script in a shell whose environment is only {@code env}. */
    private static String run(String env, String commands) throws Exception {
        String script = "env -i PATH=/usr/bin:/bin " + env + " bash -c '. \"$0\"; " + commands.replace("'", "'\\''") + "' '" + SCRIPT + "'";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
