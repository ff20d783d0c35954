package dev.arca.protect.postgres;

import dev.arca.protect.source.ExternalCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How PostgreSQL's tools reach the server. The password travels in {@code PGPASSWORD}, never on the
 * command line; {@code -w} makes a missing password an error instead of a prompt nobody answers.
 */
public record PgConnection(String host, int port, String user, Optional<String> password) {

    /** {@code host:port} as error messages name the server. */
    public String address() {
        return host + ":" + port;
    }

    List<String> args() {
        return List.of("-h", host, "-p", Integer.toString(port), "-U", user, "-w");
    }

    ExternalCommand command(PostgresTools tools, String program, List<String> more) {
        List<String> argv = new ArrayList<>();
        argv.add(tools.path(program).toString());
        argv.addAll(args());
        argv.addAll(more);
        ExternalCommand c = ExternalCommand.of(argv).env("PGCONNECT_TIMEOUT", "10");
        return password.map(p -> c.env("PGPASSWORD", p)).orElse(c);
    }
}
