/**
 * Trees: directory listings stored as blobs. A node keeps what a restore needs to recreate a file
 * exactly (type, mode, owner, times, link target, hard-link identity, content blobs) and what the
 * next backup needs to skip unchanged files (size, mtime, ctime, inode, device).
 */
package dev.arca.repository.tree;
