/**
 * The SQLite source: a consistent copy of a live database file made with SQLite's online backup API
 * (through the {@code sqlite3} program's {@code .backup}), so that the demo and small installations have
 * a database source without any server.
 */
package dev.arca.protect.sqlite;
