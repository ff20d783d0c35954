package dev.arca.protect.mariadb;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a backup stands in the source's binlog, as the backup tool reported it.
 *
 * @param seenAt when the tool reported it: the backup holds no transaction committed later, which is
 *     where its recovery window starts
 */
record BinlogPosition(String file, long position, Optional<String> gtid, Instant seenAt) {
}
