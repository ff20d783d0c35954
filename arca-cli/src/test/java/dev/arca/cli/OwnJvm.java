package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** arca run in a JVM of its own, for what depends on the JVM's options: its exit code and standard error. */
record OwnJvm(int exit, String err) {
    /** Runs arca with the test class path, {@code options} and only the options every command needs. */
    static OwnJvm run(List<String> options, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(options);
        cmd.add("dev.arca.cli.Arca");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("ARCA_PASSWORD", CliRun.PASSWORD);
        pb.environment().remove("ARCA_DEBUG");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new OwnJvm(p.exitValue(), err);
    }
}
