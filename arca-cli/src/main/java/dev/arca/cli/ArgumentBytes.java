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
        int from = 0;
        for (Path p : paths) {
            Path exact = p;
            for (int i = from; inexact(p) && i < arguments.size(); i++) {
                byte[] argument = arguments.get(i);
                if (!RawText.valid(argument) && Path.of(RawText.text(argument)).equals(p)) {
                    Optional<Path> parsed = NameBytes.parse(argument);
                    if (parsed.isPresent()) {
                        exact = parsed.get();
                        from = i + 1;
                        break;
                    }
                }
            }
            out.add(exact);
        }
        return out;
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
