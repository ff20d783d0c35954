/**
 * The MariaDB/MySQL source (DESIGN.md section 4): a consistent {@code mariadb-dump} streamed into the
 * repository with the binlog position it was taken at, the binlog streamed continuously with
 * {@code mariadb-binlog --raw --stop-never}, recovery windows from the two, and point-in-time restore
 * by loading a dump and replaying binlogs up to the target. The server's own client tools do the work,
 * so the format is always the server's; Arca drives them and keeps the results.
 */
package dev.arca.protect.mariadb;
