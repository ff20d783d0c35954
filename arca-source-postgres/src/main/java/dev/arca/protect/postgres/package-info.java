/**
 * The PostgreSQL source: physical base backups streamed from {@code pg_basebackup} into the repository,
 * WAL streamed with {@code pg_receivewal} on a replication slot Arca creates, logical {@code pg_dump}s,
 * and point-in-time restore that lays out a data directory, stages the WAL and lets PostgreSQL replay it
 * to the target (DESIGN.md section 4). PostgreSQL's own tools do everything that touches its formats.
 */
package dev.arca.protect.postgres;
