/**
 * What every database source shares: the contract a source fulfils (back up, stream its log, list
 * recovery windows, restore to a point in time) and the pieces to drive a database's own tools
 * ({@code pg_basebackup}, {@code mariadb-dump}, ...) as child processes with clear errors.
 */
package dev.arca.protect.source;
