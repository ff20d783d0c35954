package dev.arca.cli;

import dev.arca.repository.tree.RawText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file of one entry per line, as {@code --exclude-file} and {@code --files-from} read: each line is
 * stripped of surrounding blanks, and blank lines and lines starting with {@code #} are skipped. Read as
 * bytes, because a line naming a file may hold bytes that are not valid UTF-8, as Linux names may.
 */
final class ListFile {
    /**
     * One entry and the line it was on, for messages.
     *
     * @param text the entry decoded, with U+FFFD for bytes that are not valid UTF-8
     * @param bytes the entry's bytes
     */
    record Entry(String text, int line, byte[] bytes) {
        /** Whether the text holds the bytes exactly (they are valid UTF-8). */
        boolean exact() {
            return RawText.valid(bytes);
        }
    }

    private ListFile() {
    }

    /**
     * The entries of {@code file}, given with {@code option} (named in the errors).
     *
     * @throws CliException if it does not exist or cannot be read
     */
    static List<Entry> read(Path file, String option, String what) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.USAGE, what + " '" + file + "' does not exist",
                    "check the path given to " + option);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot read " + what + " '" + file + "': " + e.getMessage(), null);
        }
        List<Entry> entries = new ArrayList<>();
        int number = 0;
        // Lines end as BufferedReader ends them: at \n, \r\n or \r.
        for (int start = 0, i = 0; start < content.length; start = i) {
            int end = start;
            while (end < content.length && content[end] != '\n' && content[end] != '\r') {
                end++;
            }
            i = end < content.length && content[end] == '\r' && end + 1 < content.length && content[end + 1] == '\n'
                    ? end + 2 : end + 1;
            number++;
            Entry e = entry(Arrays.copyOfRange(content, start, end), number);
            if (!e.text().isEmpty() && !e.text().startsWith("#")) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static Entry entry(byte[] line, int number) {
        if (RawText.valid(line)) {
            String text = new String(line, StandardCharsets.UTF_8).strip();
            return new Entry(text, number, text.getBytes(StandardCharsets.UTF_8));
        }
        int from = 0;
        int to = line.length;
        while (from < to && Character.isWhitespace(line[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(line[to - 1])) {
            to--;
        }
        byte[] bytes = Arrays.copyOfRange(line, from, to);
        return new Entry(RawText.text(bytes), number, bytes);
    }
}
