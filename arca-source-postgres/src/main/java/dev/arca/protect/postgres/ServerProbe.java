package dev.arca.protect.postgres;

import dev.arca.protect.source.CommandFailedException;
import java.io.IOException;
import java.util.List;

/**
 * Asks the server what a backup depends on, through {@code psql}, and turns the answers into errors an
 * operator can act on before a long backup fails halfway.
 */
final class ServerProbe {
    private final PgConnection conn;
    private final PostgresTools tools;

    ServerProbe(PgConnection conn, PostgresTools tools) {
        this.conn = conn;
        this.tools = tools;
    }

    /** One value from one query, as text. */
    String value(String sql) throws IOException {
        List<String> out = query(sql);
        return out.isEmpty() ? "" : out.getFirst();
    }

    List<String> query(String sql) throws IOException {
        try {
            return conn.command(tools, "psql", List.of("-d", "postgres", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql))
                    .runOutput();
        } catch (CommandFailedException e) {
            throw explain(e);
        }
    }

    /** Fails unless the server can serve a base backup and stream WAL to this user. */
    long checkReadyForBackup(boolean needsWal) throws IOException {
        String level = value("SHOW wal_level");
        if (needsWal && !(level.equals("replica") || level.equals("logical"))) {
            throw new IOException("PostgreSQL " + conn.address() + ": wal_level is '" + level
                    + "', so its WAL cannot be used for point-in-time recovery"
                    + "\nHINT: set wal_level = replica in postgresql.conf and restart the server");
        }
        String replication = value("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user");
        if (!replication.equals("t")) {
            throw new IOException("PostgreSQL " + conn.address() + ": user '" + conn.user()
                    + "' lacks the REPLICATION privilege that pg_basebackup and pg_receivewal need"
                    + "\nHINT: ALTER ROLE " + conn.user() + " REPLICATION; and allow it in pg_hba.conf "
                    + "(host replication " + conn.user() + " <arca host>/32 scram-sha-256)");
        }
        return Long.parseLong(value("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'"));
    }

    /** Rewords the failures operators meet most, keeping the tool's own words below. */
    IOException explain(CommandFailedException e) {
        String said = String.join("\n", e.errorTail());
        String hint;
        if (said.contains("password authentication failed") || said.contains("no password supplied")) {
            hint = "check the user and password of this source in the plan (password: secret reference)";
        } else if (said.contains("Connection refused") || said.contains("could not translate host name")
                || said.contains("timeout expired")) {
            hint = "check that the server runs and listens on " + conn.address() + " (listen_addresses, firewall)";
        } else if (said.contains("no pg_hba.conf entry")) {
            hint = "allow Arca's host in the server's pg_hba.conf (for base backups and WAL: a 'replication' line)";
        } else if (said.contains("has already been removed")) {
            hint = "the server recycled WAL Arca had not received: take a new base backup; keep the replication slot";
        } else {
            return new IOException("PostgreSQL " + conn.address() + ": " + e.getMessage(), e);
        }
        return new IOException("PostgreSQL " + conn.address() + ": " + e.getMessage() + "\nHINT: " + hint, e);
    }
}
