/**
 * Protect: the jobs that move data between live systems and repositories — backup, restore and,
 * as later issues add them, copy and the database sources. It knows repositories and plans, never
 * which storage driver holds them.
 */
package dev.arca.protect;
