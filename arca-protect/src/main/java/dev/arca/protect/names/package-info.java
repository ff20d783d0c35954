/**
 * File names as the Linux kernel holds them, bytes rather than text. The JDK decodes names into Strings and
 * offers no way back for bytes that are not valid in the file-name encoding; backup and restore need both
 * ways to give such names back exactly.
 */
package dev.arca.protect.names;
