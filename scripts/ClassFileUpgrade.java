import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar of old class files (before Java 6, version 50) as class files of Java 8 (version 52),
 * with the stack maps that version requires, and the same code. Run by ./arca on JDK 25 or later:
 *
 * <pre>java scripts/ClassFileUpgrade.java IN.jar OUT.jar</pre>
 *
 * <p>Why: picocli ships Java 5 class files, and a JVM can neither keep those in its ahead-of-time
 * cache nor check them with the fast verifier, so every command loaded, parsed and linked about 150 of
 * picocli's classes from the jar again and ran them without profiles (docs/BENCHMARKS.md, "a thirteenth
 * machine"). Upgraded, they come from the cache like Arca's own. Only the class files' version and
 * stack maps change: every method body is re-emitted instruction for instruction, and a jar that holds
 * an instruction Java 8 class files forbid (jsr, ret) is refused rather than rewritten.
 *
 * <p>A single source file for the JDK's class-file API (final in JDK 24), so it needs no build step;
 * the code Arca ships still targets Java 21. OUT is written to a temporary name and renamed, so a
 * launcher never sees half a jar. Exit code 0 on success, 1 on failure with the reason on stderr.
 */
public final class ClassFileUpgrade {
    static final int VERSION = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java scripts/ClassFileUpgrade.java IN.jar OUT.jar");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]).toAbsolutePath();
        Path temporary = Files.createTempFile(out.getParent(), out.getFileName() + ".", ".tmp");
        try {
            upgrade(in, temporary);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            System.err.println("ClassFileUpgrade: " + in + ": " + e);
            System.exit(1);
        }
    }

    static void upgrade(Path in, Path out) throws IOException {
        try (URLClassLoader jar = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
             InputStream source = Files.newInputStream(in);
             ZipInputStream zin = new ZipInputStream(source);
             OutputStream target = Files.newOutputStream(out);
             ZipOutputStream zout = new ZipOutputStream(target)) {
            // Stack maps name the common super class of merged types: the JDK's classes resolve as usual,
            // the jar's own from its class files.
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(jar))));
            for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
                byte[] bytes = zin.readAllBytes();
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    bytes = upgrade(classFile, bytes);
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                zout.putNextEntry(copy);
                zout.write(bytes);
                zout.closeEntry();
            }
        }
    }

    private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
        ClassModel model = classFile.parse(bytes);
        if (model.majorVersion() >= VERSION) {
            return bytes;
        }
        ClassTransform version = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(VERSION, 0);
            } else {
                builder.with(element);
            }
        };
        // Re-emitting every method body is what makes the API compute its stack maps.
        return classFile.transformClass(model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
    }
}
