/**
 * Pack files: many encrypted blobs appended together with an encrypted header that lists them, so
 * that storage sees a few large objects (which object stores and disks both prefer) and learns
 * nothing about the blobs inside beyond the pack's size.
 */
package dev.arca.repository.pack;
