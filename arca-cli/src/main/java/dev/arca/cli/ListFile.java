package dev.arca.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of one entry per line, as {@code --exclude-file} and {@code --files-from} read: each line is
 * stripped of surrounding blanks, and blank lines and lines starting with {@code #} are skipped.
 */
final class ListFile {
    /** One entry and the line it was on, for messages. */
    record Entry(String text, int line) {
    }

    private ListFile() {
    }

    /**
     * The entries of {@code file}, given with {@code option} (named in the errors).
     *
     * @throws CliException if it does not exist or cannot be read
     */
    static List<Entry> read(Path file, String option, String what) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.USAGE, what + " '" + file + "' does not exist",
                    "check the path given to " + option);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + what + " '" + file + "': " + e.getMessage(), null);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                entries.add(new Entry(line, i + 1));
            }
        }
        return entries;
    }
}
