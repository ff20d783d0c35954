/**
 * The MariaDB/MySQL source (DESIGN.md section 4): a consistent {@code mariadb-dump} or a physical
 * {@code mariadb-backup} stream stored in the repository with the binlog position it was taken at, the
 * binlog streamed continuously with {@code mariadb-binlog --raw --stop-never}, recovery windows from the
 * two, and point-in-time restore: a dump loaded into a running server with the binlogs replayed up to
 * the target, or a physical backup prepared in a new data directory with the binlogs replayed there by
 * the server's own replication applier. The server's own tools do the work, so the format is always the
 * server's; Arca drives them and keeps the results.
 */
package dev.arca.protect.mariadb;
