package dev.arca.protect.mariadb;

import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection of the {@code mariadb} client kept open for several statements. A server started with
 * {@code --skip-grant-tables} lets any client in until its grant tables are loaded; once they are, only
 * the sessions already open keep their rights, so everything after that goes through one session.
 *
 * <p>Each statement is followed by a marker query, and its result is the output before the marker's. On
 * an error the client exits (it reads its statements from a pipe), and its own message is thrown.
 */
final class ClientSession implements AutoCloseable {
    private static final String END = "arca-end-of-statement";

    private final ExternalCommand.Running client;
    private final Writer in;
    private final BufferedReader out;

    /** @param client the {@code mariadb} command, with the options that reach the server */
    ClientSession(ExternalCommand client) throws IOException {
        this.client = client.start(line -> { });
        this.in = new OutputStreamWriter(this.client.stdin(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(this.client.stdout(), StandardCharsets.UTF_8));
    }

    /** The client's arguments: tab-separated rows with a header line, written as each statement ends. */
    static List<String> options() {
        return List.of("--batch", "--unbuffered", "--column-names");
    }

    void run(String sql) throws IOException {
        rows(sql);
    }

    /** The rows of a statement that returns one result, by column name. */
    List<Map<String, String>> rows(String sql) throws IOException {
        in.write(sql + ";\nSELECT '" + END + "' AS arca_end;\n");
        in.flush();
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals(END)) {
            lines.add(line);
        }
        if (line == null) {
            try {
                client.waitOk();
            } catch (CommandFailedException e) {
                throw new IOException(String.join("\n", e.errorTail()), e);
            }
            throw new IOException("the mariadb client ended its session while running: " + sql);
        }
        lines.removeLast(); // the marker's own header
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] names = lines.getFirst().split("\t", -1);
        for (String l : lines.subList(1, lines.size())) {
            String[] values = l.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length && i < values.length; i++) {
                row.put(names[i], unescape(values[i]));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Undoes the batch mode's escapes of tabs, newlines, backslashes and NULs in values. */
    private static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Sends a statement after which the server does not answer (SHUTDOWN), and ends the session. */
    void last(String sql) throws IOException {
        in.write(sql + ";\n");
        in.close();
        client.waitOk();
    }

    /** Ends the session; a server that went away with it is not an error here. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // the client is gone already
        }
        client.close();
    }
}
