/**
 * An in-memory driver, so that tests of the repository format, the jobs and the command line run in
 * milliseconds and need no clean-up, while still honouring the full storage contract.
 */
package dev.arca.storage.memory;
