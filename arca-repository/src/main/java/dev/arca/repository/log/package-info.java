/**
 * The log area of a repository: database transaction logs (PostgreSQL WAL segments, MariaDB binlog
 * files) stored as they are written, piece by piece, so that a crash of the database host loses at
 * most the last interval, and whole once the database has finished a file. Point-in-time recovery
 * reads them back by name. DESIGN.md section 3, "Database logs".
 */
package dev.arca.repository.log;
