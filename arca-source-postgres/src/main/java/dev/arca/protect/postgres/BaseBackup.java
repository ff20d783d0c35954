package dev.arca.protect.postgres;

import dev.arca.protect.backup.Archiver;
import dev.arca.protect.backup.BackupOptions;
import dev.arca.protect.backup.BackupResult;
import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import dev.arca.repository.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A physical base backup: the tar stream of {@code pg_basebackup -D - -Ft} goes straight into the
 * repository as {@code base.tar}, never staged on local disk. Its consistency point comes from the
 * stream itself: {@code backup_label} (start of the WAL needed) and {@code backup_manifest} (its end).
 */
final class BaseBackup {
    static final String FILE = "base.tar";
    private static final Pattern START = Pattern.compile("START WAL LOCATION: ([0-9A-F]+/[0-9A-F]+)");
    private static final Pattern TIMELINE = Pattern.compile("START TIMELINE: ([0-9]+)");
    private static final Pattern END_LSN = Pattern.compile("\"End-LSN\"\\s*:\\s*\"([0-9A-F]+/[0-9A-F]+)\"");

    private final PgConnection conn;
    private final PostgresTools tools;
    private final boolean includeWal;

    /** @param includeWal whether the backup carries the WAL it needs (when no log is streamed) */
    BaseBackup(PgConnection conn, PostgresTools tools, boolean includeWal) {
        this.conn = conn;
        this.tools = tools;
        this.includeWal = includeWal;
    }

    BackupResult run(Repository repo, BackupOptions options) throws IOException {
        ServerProbe probe = new ServerProbe(conn, tools);
        long segmentSize = probe.checkReadyForBackup(!includeWal);
        String version = probe.value("SHOW server_version");
        ExternalCommand cmd = conn.command(tools, "pg_basebackup",
                List.of("-D", "-", "-Ft", "-X", includeWal ? "fetch" : "none", "-c", "fast"));
        try (Archiver archiver = new Archiver(repo)) {
            return archiver.backupStreams(sink -> {
                Instant started = repo.clock().instant();
                try (ExternalCommand.Running running = cmd.start(line -> { })) {
                    TarTap tap = new TarTap(running.stdout(), Set.of("backup_label", "backup_manifest"));
                    sink.add(FILE, tap);
                    try {
                        running.waitOk();
                    } catch (CommandFailedException e) {
                        throw probe.explain(e);
                    }
                    return consistency(tap.kept(), segmentSize, version, started, repo.clock().instant());
                }
            }, options);
        }
    }

    private Map<String, String> consistency(Map<String, byte[]> kept, long segmentSize, String version, Instant started,
                                            Instant stopped) throws IOException {
        String label = text(kept, "backup_label");
        String manifest = text(kept, "backup_manifest");
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kind", "basebackup");
        c.put("startLsn", find(START, label, "backup_label"));
        c.put("timeline", find(TIMELINE, label, "backup_label"));
        c.put("stopLsn", find(END_LSN, manifest, "backup_manifest"));
        c.put("segmentSize", Long.toString(segmentSize));
        c.put("startTime", started.toString());
        c.put("stopTime", stopped.toString());
        c.put("walIncluded", Boolean.toString(includeWal));
        c.put("serverVersion", version);
        return c;
    }

    private static String text(Map<String, byte[]> kept, String name) throws IOException {
        byte[] b = kept.get(name);
        if (b == null) {
            throw new IOException("pg_basebackup's output has no " + name + "; is the server older than PostgreSQL 13?"
                    + "\nHINT: Arca needs PostgreSQL 13 or later for base backups");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String find(Pattern p, String text, String where) throws IOException {
        Matcher m = p.matcher(text);
        List<String> all = new ArrayList<>();
        while (m.find()) {
            all.add(m.group(1));
        }
        if (all.isEmpty()) {
            throw new IOException("pg_basebackup's " + where + " does not say " + p.pattern());
        }
        return all.getLast();
    }
}
