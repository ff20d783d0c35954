package dev.arca.protect.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a restored database goes.
 *
 * @param directory an empty directory for a physical restore (a PostgreSQL data directory)
 * @param port the port to start the restored server on, or to reach the target server at
 * @param host the server to load a logical restore into, when it is not started by Arca
 */
public record RestoreTarget(Optional<Path> directory, Optional<String> host, int port, Optional<String> user) {
}
