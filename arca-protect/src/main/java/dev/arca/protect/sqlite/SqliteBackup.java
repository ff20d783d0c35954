package dev.arca.protect.sqlite;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backs up one SQLite database. The online backup copies pages under SQLite's own locking, so writers
 * may go on and the copy is one transaction-consistent state; it goes to a private temporary file (the
 * API writes a database, not a stream), which is stored and deleted.
 */
public final class SqliteBackup {
    private final Path database;

    public SqliteBackup(Path database) {
        this.database = database.toAbsolutePath().normalize();
    }

    public BackupResult run(Repository repo, BackupOptions options) throws IOException {
        if (!Files.isRegularFile(database)) {
            throw new IOException("SQLite database " + database + " does not exist or is not a file"
                    + "\nHINT: check the source's path in the plan");
        }
        Path dir = Files.createTempDirectory("arca-sqlite-");
        Path copy = dir.resolve(database.getFileName().toString());
        try {
            String sqlite3 = ExternalCommand.find("sqlite3", List.of()).orElseThrow(() -> new IOException(
                    "the sqlite3 program is not installed\nHINT: install it (Debian: apt-get install sqlite3)")).toString();
            // The path goes in as a separate argument of the dot-command, quoted for sqlite3's own parser.
            ExternalCommand.of(List.of(sqlite3, "-bail", database.toString(),
                    ".timeout 10000", ".backup '" + copy.toString().replace("'", "''") + "'")).run();
            String integrity = String.join("\n", ExternalCommand.of(List.of(sqlite3, "-readonly", copy.toString(),
                    "PRAGMA quick_check;")).runOutput());
            if (!integrity.strip().equals("ok")) {
                throw new IOException("SQLite database " + database + ": the backup copy fails its integrity check: "
                        + integrity.strip() + "\nHINT: run `sqlite3 " + database + " 'PRAGMA integrity_check'` and repair it");
            }
            try (Archiver archiver = new Archiver(repo)) {
                return archiver.backupStreams(sink -> {
                    try (InputStream in = Files.newInputStream(copy)) {
                        sink.add(database.getFileName().toString(), in);
                    }
                    Map<String, String> c = new LinkedHashMap<>();
                    c.put("kind", "sqlite-backup");
                    c.put("database", database.toString());
                    c.put("stopTime", repo.clock().instant().toString());
                    return c;
                }, options);
            }
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir);
        }
    }
}
