package dev.arca.protect.names;

import dev.arca.repository.tree.RawText;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes of a path, and a path from bytes, through the JDK's own Unix path, which keeps the bytes it was
 * listed with: a {@link Path} from a directory listing opens the right file even when its text shows U+FFFD,
 * but neither its text nor any public API gives those bytes back, nor makes a Path of them.
 *
 * <p>This reaches into {@code sun.nio.fs}, which the launcher opens ({@code --add-opens
 * java.base/sun.nio.fs=ALL-UNNAMED}). Where it is not open, or the JDK is not the Unix one, {@link #available()}
 * is false and callers fall back to the decoded text and say so.
 */
public final class NameBytes {
    /** Ends a restore's warning about a name or target it could only give as text. */
    public static final String INEXACT = ", with U+FFFD in place of bytes that are not valid UTF-8, because this JVM"
            + " cannot name files by their bytes; HINT: restore through the arca launcher, which opens java.base/sun.nio.fs"
            + " for it";
    private static final Optional<Access> ACCESS = Access.find();

    private NameBytes() {
    }

    public static boolean available() {
        return ACCESS.isPresent();
    }

    /** The bytes of {@code path} as the file system takes them; empty where they cannot be had. */
    public static Optional<byte[]> of(Path path) {
        return ACCESS.flatMap(a -> a.bytes(path));
    }

    /**
     * A relative path of exactly {@code bytes}; empty where none can be made. The caller checks that the bytes
     * are one name (no {@code /} nor NUL, not {@code .} nor {@code ..}) or a symlink's target.
     */
    public static Optional<Path> path(byte[] bytes) {
        return ACCESS.flatMap(a -> a.path(bytes));
    }

    /**
     * A name or a symlink target as a tree stores it ({@link dev.arca.repository.tree.Node}): the text, the
     * bytes in base64 where they are not valid UTF-8, and whether the text is all that could be had (this JVM
     * cannot give the bytes), in which case it holds U+FFFD where they were.
     */
    public record Stored(String text, String raw, boolean inexact) {
    }

    /** {@code path} as a tree stores it; the bytes are asked for only where the JDK's text shows U+FFFD. */
    public static Stored stored(Path path) {
        String shown = path.toString();
        if (shown.indexOf('\uFFFD') < 0) {
            return new Stored(shown, null, false);
        }
        return of(path).map(b -> new Stored(RawText.text(b), RawText.raw(b), false)).orElse(new Stored(shown, null, true));
    }

    /**
     * The path as people read it: its text, or, where its bytes are not valid UTF-8, the valid parts as text
     * and {@code \xHH} for each other byte ({@link RawText#escaped}), so that two paths the JDK shows alike
     * are told apart, as {@code arca ls} tells their names apart.
     */
    public static String shown(Path path) {
        String text = path.toString();
        return text.indexOf('\uFFFD') < 0 ? text : of(path).map(RawText::escaped).orElse(text);
    }

    /**
     * The path as exclude patterns match it ({@link RawText#matchable}): its text, or, where its bytes are not
     * valid UTF-8, the valid parts as text and a lone surrogate for each other byte, so that a pattern made
     * of the bytes typed matches those bytes and no others.
     */
    public static String matchable(Path path) {
        String text = path.toString();
        return text.indexOf('\uFFFD') < 0 ? text : of(path).map(RawText::matchable).orElse(text);
    }

    /**
     * The path whose bytes are {@code path}, normalised as the JDK's paths are (no empty elements, no trailing
     * slash); absolute when they start with a slash. Empty where no path can be made, or for no bytes.
     */
    public static Optional<Path> parse(byte[] path) {
        Optional<Path> at = Optional.of(Path.of(path.length > 0 && path[0] == '/' ? "/" : ""));
        int start = 0;
        for (int i = 0; i <= path.length && at.isPresent(); i++) {
            if (i == path.length || path[i] == '/') {
                if (i > start) {
                    Optional<Path> element = path(java.util.Arrays.copyOfRange(path, start, i));
                    at = element.isEmpty() ? Optional.empty() : at.map(p -> p.resolve(element.get()));
                }
                start = i + 1;
            }
        }
        return at.filter(p -> !p.toString().isEmpty());
    }

    private record Access(FileSystem fs, Class<?> type, MethodHandle bytes, MethodHandle create) {
        static Optional<Access> find() {
            try {
                FileSystem fs = FileSystems.getDefault();
                Class<?> type = Class.forName("sun.nio.fs.UnixPath");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                MethodHandle bytes = lookup.findVirtual(type, "asByteArray", MethodType.methodType(byte[].class));
                MethodHandle create = lookup.findConstructor(type,
                        MethodType.methodType(void.class, Class.forName("sun.nio.fs.UnixFileSystem"), byte[].class));
                Access access = new Access(fs, type, bytes, create);
                // The round trip must hold on this JDK before any name depends on it.
                byte[] probe = {'a', (byte) 0xff};
                return access.path(probe).flatMap(access::bytes).filter(b -> java.util.Arrays.equals(b, probe))
                        .map(b -> access);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }

        Optional<byte[]> bytes(Path path) {
            if (!type.isInstance(path)) {
                return Optional.empty();
            }
            try {
                return Optional.of(((byte[]) bytes.invoke(path)).clone());
            } catch (Throwable e) {
                return Optional.empty();
            }
        }

        Optional<Path> path(byte[] name) {
            if (name.length == 0) {
                return Optional.empty();
            }
            try {
                return Optional.of((Path) create.invoke(fs, name.clone()));
            } catch (Throwable e) {
                return Optional.empty();
            }
        }
    }
}
