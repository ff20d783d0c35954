/**
 * Shipping database logs into the repository as the database writes them: a tool of the database's own
 * ({@code pg_receivewal}, {@code mariadb-binlog --raw --stop-never}) writes log files into a spool
 * directory, and the {@link dev.arca.protect.log.LogShipper} stores what is new every interval, whole
 * files once they are finished. The interval bounds the RPO.
 */
package dev.arca.protect.log;
