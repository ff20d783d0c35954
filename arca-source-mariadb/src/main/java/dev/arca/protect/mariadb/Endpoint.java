package dev.arca.protect.mariadb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach a MariaDB server as a client. The password goes to the tools through {@code MYSQL_PWD},
 * never on their command line, where other users of the host could read it.
 */
public record Endpoint(String host, int port, String user, Optional<String> password) {

    /** {@code host:port}, as messages name the server. */
    public String address() {
        return host + ":" + port;
    }

    /**
     * The leading arguments of every client tool. {@code --no-defaults} comes first (the tools insist):
     * an option file on the Arca host (a socket, another user) must not redirect a backup.
     */
    List<String> argv(String tool) {
        return new ArrayList<>(List.of(tool, "--no-defaults", "--host=" + host, "--port=" + port, "--user=" + user));
    }

    @Override
    public String toString() {
        return user + "@" + address();
    }
}
