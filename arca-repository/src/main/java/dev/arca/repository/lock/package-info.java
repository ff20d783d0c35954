/**
 * Repository locks: backups, restores and checks share the repository; prune needs it alone. A lock
 * is a small object that its holder refreshes; one that stopped being refreshed, or whose process is
 * gone, is stale and can be removed safely.
 */
package dev.arca.repository.lock;
