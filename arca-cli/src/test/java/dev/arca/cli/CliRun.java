package dev.arca.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** One run of the arca command inside the test JVM, with its exit code and both output streams. */
record CliRun(int exit, String out, String err, byte[] rawOut) {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneOffset.UTC);
    static final String PASSWORD = "correct horse battery staple";

    static {
        // Every --json document a test produces must be the object mapper's, byte for byte.
        MapperJson.install();
    }

    static CliRun of(String... args) {
        return with(Map.of("ARCA_PASSWORD", PASSWORD), new byte[0], CLOCK, args);
    }

    static CliRun with(Map<String, String> env, byte[] stdin, Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Arca arca = new Arca(clock, new PrintWriter(out), new PrintWriter(err), env, new ByteArrayInputStream(stdin), raw, false);
        int code = Arca.execute(args, arca);
        return new CliRun(code, out.toString(), err.toString(), raw.toByteArray());
    }

    String rawText() {
        return new String(rawOut, StandardCharsets.UTF_8);
    }
}
