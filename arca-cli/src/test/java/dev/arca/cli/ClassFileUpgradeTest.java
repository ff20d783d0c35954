package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * scripts/ClassFileUpgrade.java, which ./arca runs on JDK 25+ so that the start-up cache can hold
 * picocli's Java 5 classes: the upgraded jar must verify under the strict verifier and behave as the
 * original does.
 */
class ClassFileUpgradeTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "ClassFileUpgrade.java").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void upgradedPicocliVerifiesAndParsesAsTheOriginalDoes() throws Exception {
        Path original = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path upgraded = dir.resolve("picocli.jar");

        Run run = upgrade(original, upgraded);

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<String> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(upgraded.toFile())) {
            jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .forEach(classes::add);
            for (String name : classes) {
                try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
                    assertThat(majorVersion(in.readNBytes(8))).as(name).isEqualTo(52);
                }
            }
        }
        assertThat(classes).hasSizeGreaterThan(100);
        try (URLClassLoader before = loader(original); URLClassLoader after = loader(upgraded)) {
            for (String name : classes) {
                // Initialising links the class, and linking a class loaded here runs the verifier on it.
                Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), true, after);
            }
            assertThat(parse(after, "--name", "x", "-v", "a", "b")).isEqualTo(parse(before, "--name", "x", "-v", "a", "b"))
                    .contains("name=x", "verbose=true", "files=[a, b]");
        }
    }

    @Test
    void refusesSubroutinesRatherThanRewriteThem() throws Exception {
        Path in = dir.resolve("old.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(in))) {
            zip.putNextEntry(new ZipEntry("Old.class"));
            zip.write(classWithJsr());
            zip.closeEntry();
        }
        Path out = dir.resolve("new.jar");

        Run run = upgrade(in, out);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).startsWith("ClassFileUpgrade: " + in + ": ")
                .contains("Instructions jsr, jsr_w, or ret must not appear in the class file version >= 51.0");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(in);
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run upgrade(Path in, Path out) throws IOException, InterruptedException {
        assumeTrue(Runtime.version().feature() >= 24, "the class-file API is final in JDK 24; ./arca runs this on 25+");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                SCRIPT.toString(), in.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    private static URLClassLoader loader(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static int majorVersion(byte[] header) {
        return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    }

    /** The values picocli parses from {@code args} with a spec built through its programmatic API in {@code loader}. */
    private static String parse(ClassLoader loader, String... args) throws ReflectiveOperationException {
        Class<?> specType = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
        Class<?> optionType = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
        Class<?> positionalType = loader.loadClass("picocli.CommandLine$Model$PositionalParamSpec");
        Object spec = specType.getMethod("create").invoke(null);
        Object name = build(optionType.getMethod("builder", String.class, String[].class).invoke(null, "--name", new String[0]),
                "type", String.class);
        Object verbose = build(optionType.getMethod("builder", String.class, String[].class).invoke(null, "-v", new String[0]),
                "type", boolean.class);
        Object files = build(positionalType.getMethod("builder").invoke(null), "type", List.class);
        specType.getMethod("addOption", optionType).invoke(spec, name);
        specType.getMethod("addOption", optionType).invoke(spec, verbose);
        specType.getMethod("addPositional", positionalType).invoke(spec, files);
        Object commandLine = loader.loadClass("picocli.CommandLine").getConstructor(Object.class).newInstance(spec);
        Object result = commandLine.getClass().getMethod("parseArgs", String[].class).invoke(commandLine, (Object) args);
        Method value = result.getClass().getMethod("matchedOptionValue", String.class, Object.class);
        Method positional = result.getClass().getMethod("matchedPositionalValue", int.class, Object.class);
        return "name=" + value.invoke(result, "--name", null) + " verbose=" + value.invoke(result, "-v", false)
                + " files=" + positional.invoke(result, 0, null);
    }

    private static Object build(Object builder, String setter, Class<?> type) throws ReflectiveOperationException {
        // The builders' setters are declared in a package-private superclass, which reflection may not call as is.
        Method set = builder.getClass().getMethod(setter, Class.class);
        set.setAccessible(true);
        Object configured = set.invoke(builder, type);
        Method buildMethod = configured.getClass().getMethod("build");
        buildMethod.setAccessible(true);
        return buildMethod.invoke(configured);
    }

    /**
     * A Java 5 class whose one method calls a subroutine (jsr/ret), which class files of Java 7 and later may
     * not hold: {@code static void m()}, assembled by hand because the compiler has not emitted jsr since Java 6.
     */
    private static byte[] classWithJsr() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(49);
        out.writeShort(8); // constant pool entries 1..7
        out.writeByte(7);
        out.writeShort(2); // #1 class Old
        out.writeByte(1);
        out.writeUTF("Old"); // #2
        out.writeByte(7);
        out.writeShort(4); // #3 class java/lang/Object
        out.writeByte(1);
        out.writeUTF("java/lang/Object"); // #4
        out.writeByte(1);
        out.writeUTF("m"); // #5
        out.writeByte(1);
        out.writeUTF("()V"); // #6
        out.writeByte(1);
        out.writeUTF("Code"); // #7
        out.writeShort(0x0021); // public super
        out.writeShort(1);
        out.writeShort(3);
        out.writeShort(0); // interfaces
        out.writeShort(0); // fields
        out.writeShort(1); // methods
        out.writeShort(0x0009); // public static
        out.writeShort(5);
        out.writeShort(6);
        out.writeShort(1);
        byte[] code = {(byte) 0xa8, 0, 6, (byte) 0xa7, 0, 6, 0x4b, (byte) 0xa9, 0, (byte) 0xb1}; // jsr, goto, astore_0, ret 0, return
        out.writeShort(7);
        out.writeInt(12 + code.length);
        out.writeShort(1); // max stack
        out.writeShort(1); // max locals
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0); // exception table
        out.writeShort(0); // code attributes
        out.writeShort(0); // class attributes
        return bytes.toByteArray();
    }
}
