/**
 * {@code arca check}: proves that every snapshot can be restored, or says exactly what cannot and why.
 *
 * <p>A backup is only as good as the last time it was read back. The structure check reads the small
 * objects (index files, snapshots, trees) and compares the index with what storage holds; reading the
 * data downloads packs and authenticates every blob, in full or in slices ({@code 1/7}, {@code 10%}) so
 * that a large repository can be verified a part a day. Every damaged object is traced to the snapshots
 * and file paths it affects, because "pack 3fa2… is damaged" tells an operator nothing about what was
 * lost.
 *
 * <p>{@link dev.arca.repository.check.Survey} is public because prune relies on it too: prune acts only
 * on a repository that the structure check finds sound, and with the same view of what is used.
 */
package dev.arca.repository.check;
