/**
 * Snapshots: small encrypted documents, one per backup, naming the tree that was saved and the
 * consistency point it represents. They are what users list, restore, forget and copy.
 */
package dev.arca.repository.snapshot;
