package dev.arca.protect.mariadb;

import java.io.IOException;

/**
 * Something about a MariaDB server or its backups that an operator has to fix; the message names the
 * server, says what is wrong and ends with a {@code HINT:} line saying what to do.
 */
public final class MariadbException extends IOException {

    MariadbException(String problem, String hint) {
        super(problem + "\nHINT: " + hint);
    }

    MariadbException(String problem, String hint, Throwable cause) {
        super(problem + "\nHINT: " + hint, cause);
    }
}
