package dev.arca.cli;

import dev.arca.protect.names.NameBytes;
import dev.arca.repository.tree.RawText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Paths given on the command line as the bytes they were typed as. The JVM decodes its arguments with
 * U+FFFD in place of bytes that are not valid in the file-name encoding, and such a path names no file;
 * Linux keeps the process's arguments as bytes in {@code /proc/self/cmdline}, from which the path is made
 * again ({@link NameBytes#parse}).
 */
final class ArgumentBytes {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    private ArgumentBytes() {
    }

    /**
     * {@code paths} with each one that the JVM could not decode replaced by the path of the argument's bytes,
     * taking the arguments in order; a path whose bytes cannot be had stays as it is.
     */
    static List<Path> exact(List<Path> paths) {
        if (paths.stream().noneMatch(ArgumentBytes::inexact)) {
            return paths;
        }
        List<byte[]> arguments = arguments();
        List<Path> out = new ArrayList<>(paths.size());
        int[] from = {0};
        for (Path p : paths) {
            out.add(inexact(p) ? bytes(arguments, from, t -> Path.of(t).equals(p)).flatMap(NameBytes::parse).orElse(p) : p);
        }
        return out;
    }

    /** The path an option's value names, by its bytes where the JVM could not decode them. */
    static Path exact(String value) {
        return exact(List.of(Path.of(value))).get(0);
    }

    /**
     * A path within a snapshot as given on the command line, in the form {@code arca ls} shows it: each byte of
     * the argument that is not valid UTF-8 as {@code \xHH}, which the JVM decoded as U+FFFD.
     */
    static String shown(String value) {
        if (value.indexOf('\uFFFD') < 0) {
            return value;
        }
        return bytes(arguments(), new int[] {0}, value::equals).map(RawText::escaped).orElse(value);
    }

    /**
     * Exclude patterns as given, each one that the JVM could not decode made again from the bytes typed, as
     * {@link RawText#matchable} text (paths are matched so), taking the arguments in order; a pattern whose
     * bytes cannot be had stays as it is.
     */
    static List<String> matchable(List<String> values) {
        if (values.stream().noneMatch(v -> v.indexOf('\uFFFD') >= 0)) {
            return values;
        }
        List<byte[]> arguments = arguments();
        List<String> out = new ArrayList<>(values.size());
        int[] from = {0};
        for (String v : values) {
            out.add(v.indexOf('\uFFFD') < 0 ? v : bytes(arguments, from, v::equals).map(RawText::matchable).orElse(v));
        }
        return out;
    }

    /**
     * The bytes of the first argument at or after {@code from[0]} whose text {@code matches}, whole or after
     * the {@code =} of an {@code --option=value}; {@code from[0]} moves past it.
     */
    private static Optional<byte[]> bytes(List<byte[]> arguments, int[] from, java.util.function.Predicate<String> matches) {
        for (int i = from[0]; i < arguments.size(); i++) {
            byte[] argument = arguments.get(i);
            if (RawText.valid(argument)) {
                continue;
            }
            byte[] value = argument;
            if (!matches.test(RawText.text(argument))) {
                int equals = indexOf(argument, (byte) '=');
                value = equals < 0 ? null : java.util.Arrays.copyOfRange(argument, equals + 1, argument.length);
                if (value == null || !matches.test(RawText.text(value))) {
                    continue;
                }
            }
            from[0] = i + 1;
            return Optional.of(value);
        }
        return Optional.empty();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean inexact(Path p) {
        return p.toString().indexOf('\uFFFD') >= 0;
    }

    private static List<byte[]> arguments() {
        byte[] all;
        try {
            all = Files.readAllBytes(CMDLINE);
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                out.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
