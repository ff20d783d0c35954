/**
 * The {@code arca} command line. It turns arguments into calls on the layers below, prints results
 * for people or as JSON, and maps failures to the documented exit codes. With the server, it is the
 * only place that knows which concrete storage drivers exist.
 */
package dev.arca.cli;
