/**
 * {@code arca forget} and {@code arca prune}: removing snapshots, then reclaiming the space that only
 * they used.
 *
 * <p>Deleting data is the one thing a backup tool can do that loses backups, so prune is written around
 * one rule: at every instant, every index file present names only packs that exist, and every blob a
 * snapshot needs is in one of them. New packs are stored first, then index files that cover everything
 * kept, then the old index files are removed, and only then the packs they named. A crash at any point
 * leaves a repository that restores completely, possibly with garbage the next prune removes. Prune also
 * refuses to touch a repository that the structure check finds damaged, because what is "unused" cannot
 * be known when a tree or an index file cannot be read.
 */
package dev.arca.repository.prune;
