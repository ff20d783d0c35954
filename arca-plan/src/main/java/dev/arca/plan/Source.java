package dev.arca.plan;

import java.util.List;
import java.util.Optional;

/** Something a system's data lives in, and that Arca backs up. */
public sealed interface Source {

    String name();

    /** The plan's {@code type:} word for this kind of source. */
    String type();

    /**
     * A directory tree.
     *
     * @param excludes patterns as {@link ExcludeGlob} describes them
     * @param oneFileSystem whether to stay on the file system of each path (mount points are kept empty)
     * @param excludeCaches whether to leave out the contents of directories tagged by a {@code CACHEDIR.TAG}
     */
    record Files(String name, List<String> paths, List<String> excludes, boolean oneFileSystem, boolean excludeCaches)
            implements Source {
        @Override
        public String type() {
            return "files";
        }
    }

    /** How database logs are captured for point-in-time recovery. */
    enum LogMode {
        /** Continuous streaming (pg_receivewal, binlog stream): RPO of about a second. */
        STREAM,
        /** The server archives completed segments through {@code arca wal-push}. */
        ARCHIVE,
        /** No logs: recovery only to backup points. */
        NONE
    }

    /** A PostgreSQL server reached over the network. */
    record Postgres(String name, String host, int port, String user, Optional<SecretRef> password,
                    List<String> databases, LogMode logs) implements Source {
        @Override
        public String type() {
            return "postgres";
        }
    }

    /** A MariaDB or MySQL server reached over the network. */
    record Mariadb(String name, String flavor, String host, int port, String user, Optional<SecretRef> password,
                   List<String> databases, LogMode logs, Method method) implements Source {
        /** Logical dump or physical copy of the data files. */
        public enum Method { DUMP, PHYSICAL }

        @Override
        public String type() {
            return flavor;
        }
    }

    /** An SQLite database file, copied with SQLite's online backup. */
    record Sqlite(String name, String path) implements Source {
        @Override
        public String type() {
            return "sqlite";
        }
    }

    /** Whether this source keeps a continuous log, which bounds its RPO by seconds rather than by schedule. */
    default boolean streamsLogs() {
        return switch (this) {
            case Postgres p -> p.logs() != LogMode.NONE;
            case Mariadb m -> m.logs() != LogMode.NONE;
            case Files f -> false;
            case Sqlite s -> false;
        };
    }
}
