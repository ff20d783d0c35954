package dev.arca.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The demo's service-desk data: uploaded attachments (incompressible), configuration files, logs and
 * a database file, generated from a fixed seed so runs differ only by the repository's own chunking
 * secret.
 */
final class DemoData {
    private static final String[] WORDS = {"printer", "password", "reset", "vpn", "laptop", "email", "outage", "access",
        "license", "ticket", "escalated", "resolved", "pending", "network", "invoice", "monitor", "keyboard", "badge"};

    private final Path root;
    private final Random random = new Random(20261126);

    DemoData(Path root) {
        this.root = root;
    }

    /** Writes the first version of the data set; returns the number of files. */
    int create() throws IOException {
        Files.createDirectories(root.resolve("uploads"));
        Files.createDirectories(root.resolve("config"));
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("db"));
        for (int i = 0; i < 40; i++) {
            attachment(i);
        }
        for (int i = 0; i < 150; i++) {
            config(i, 0);
        }
        for (int i = 0; i < 6; i++) {
            log(i, 40_000);
        }
        database(0);
        return 40 + 150 + 6 + 1;
    }

    /** A day's work: new attachments, edited settings, more log lines, changed database pages. */
    String change() throws IOException {
        for (int i = 40; i < 43; i++) {
            attachment(i);
        }
        for (int i = 0; i < 5; i++) {
            config(i * 7, 1);
        }
        for (int i = 0; i < 6; i++) {
            log(i, 2_000);
        }
        database(1);
        return "3 attachments added, 5 settings edited, 6 logs grown, database pages rewritten";
    }

    private void attachment(int i) throws IOException {
        byte[] b = new byte[20_000 + random.nextInt(1_500_000)];
        random.nextBytes(b);
        Files.write(root.resolve("uploads").resolve(String.format("att_%05d.bin", i)), b);
    }

    private void config(int i, int revision) throws IOException {
        StringBuilder b = new StringBuilder("# service desk setting group " + i + " (revision " + revision + ")\n");
        for (int k = 0; k < 20 + i % 30; k++) {
            b.append("key").append(k).append(": ").append(WORDS[(i * 31 + k + revision) % WORDS.length]).append('\n');
        }
        Files.writeString(root.resolve("config").resolve("group-" + i + ".yml"), b.toString());
    }

    private void log(int i, int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < lines; k++) {
            b.append("2026-11-26T").append(String.format("%02d:%02d:%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60)))
                    .append("Z INFO ticket=").append(random.nextInt(1_000_000)).append(' ')
                    .append(WORDS[random.nextInt(WORDS.length)]).append(' ').append(WORDS[random.nextInt(WORDS.length)]).append('\n');
        }
        Files.writeString(root.resolve("logs").resolve("app-" + i + ".log"), b.toString(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** A paged database file: 4 KiB pages of ticket rows; a revision rewrites a few hundred pages. */
    private void database(int revision) throws IOException {
        Path db = root.resolve("db").resolve("servicedesk.db");
        int pages = 4096;
        byte[] all = revision == 0 ? new byte[pages * 4096] : Files.readAllBytes(db);
        Random r = new Random(revision);
        int from = revision == 0 ? 0 : 1000;
        int to = revision == 0 ? pages : 1300;
        for (int p = from; p < to; p++) {
            byte[] page = new byte[4096];
            StringBuilder rows = new StringBuilder();
            while (rows.length() < 4000) {
                rows.append(p * 40 + rows.length() % 40).append('|').append(WORDS[r.nextInt(WORDS.length)]).append('|')
                        .append(revision == 0 ? "open" : "closed").append('|');
            }
            byte[] text = rows.toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, page, 0, Math.min(4096, text.length));
            System.arraycopy(page, 0, all, p * 4096, 4096);
        }
        try (OutputStream out = Files.newOutputStream(db)) {
            out.write(all);
        }
    }

    /** SHA-256 of every file, by path relative to the root, to prove the restore byte for byte. */
    static Map<String, String> manifest(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), sha256(f));
            }
        }
        return out;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
