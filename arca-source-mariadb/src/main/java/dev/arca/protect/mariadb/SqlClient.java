package dev.arca.protect.mariadb;

import dev.arca.protect.source.CommandFailedException;
import dev.arca.protect.source.ExternalCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SQL on a server with the {@code mariadb} client and turns the tools' errors into messages that say
 * which server is wrong and what to do. The command-line client rather than JDBC: the tools are needed
 * anyway, and they read the same options, TLS settings and authentication plugins as the operator's.
 */
final class SqlClient {
    private static final Pattern LACKS = Pattern.compile("you need \\(at least one of\\) the (.+?) privilege");

    private final Endpoint endpoint;
    private final String role;
    private final Map<String, String> env;

    /**
     * @param role what the server is to Arca, for messages: {@code source ticketing/db}, {@code restore target}
     * @param env the environment the tools run in (the password is added to it)
     */
    SqlClient(Endpoint endpoint, String role, Map<String, String> env) {
        this.endpoint = endpoint;
        this.role = role;
        this.env = env;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The server as messages name it. */
    String server() {
        return "MariaDB server " + endpoint.address() + " (" + role + ")";
    }

    /** A client tool's command for this server, with the password and environment set. */
    ExternalCommand command(String tool, List<String> args) {
        List<String> argv = endpoint.argv(tool);
        argv.addAll(args);
        ExternalCommand c = ExternalCommand.of(argv);
        for (Map.Entry<String, String> e : env.entrySet()) {
            c = c.env(e.getKey(), e.getValue());
        }
        return endpoint.password().isPresent() ? c.env("MYSQL_PWD", endpoint.password().get()) : c;
    }

    /** The rows of a query, each a list of columns ({@code NULL} as the text NULL). */
    List<List<String>> query(String sql) throws IOException {
        ExternalCommand c = command("mariadb", List.of("--connect-timeout=10", "--batch", "--skip-column-names",
                "--execute=" + sql));
        List<List<String>> rows = new ArrayList<>();
        try (ExternalCommand.Running r = c.start(line -> { })) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    rows.add(Arrays.asList(line.split("\t", -1)));
                }
            }
            r.waitOk();
        } catch (CommandFailedException e) {
            throw explain(e);
        }
        return rows;
    }

    /** The first column of every row. */
    List<String> column(String sql) throws IOException {
        return query(sql).stream().map(List::getFirst).toList();
    }

    /** An operator's explanation of a failed tool, from what it said. */
    MariadbException explain(CommandFailedException e) {
        String said = String.join("\n", e.errorTail());
        if (said.contains("Access denied for user")) {
            return new MariadbException(server() + " refused user '" + endpoint.user() + "': wrong user or password",
                    "check the user and password Arca is given for this server (the plan's password secret), or create "
                            + "the user: CREATE USER '" + endpoint.user() + "'@'%' IDENTIFIED BY '...'", e);
        }
        if (said.contains("Can't connect") || said.contains("Unknown server host") || said.contains("Unknown MySQL server host")
                || said.contains("Lost connection to server at 'handshake")) {
            return new MariadbException(server() + " is unreachable: " + firstErrorLine(e),
                    "check that the server is running and listens on " + endpoint.address()
                            + " (port, bind-address, firewall)", e);
        }
        Matcher m = LACKS.matcher(said);
        if (m.find()) {
            return lacks(List.of(m.group(1)), "this operation", e);
        }
        return new MariadbException(server() + ": " + e.getMessage(), "see what the tool said above", e);
    }

    /**
     * Fails unless the server writes a binlog and the user holds {@code privileges} globally (MySQL's
     * names; MariaDB's newer BINLOG MONITOR counts as REPLICATION CLIENT).
     */
    void require(List<String> privileges, String forWhat) throws IOException {
        List<List<String>> rows = query("SELECT @@log_bin, (SELECT GROUP_CONCAT(PRIVILEGE_TYPE SEPARATOR ',') "
                + "FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = CONCAT('''', "
                + "SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), ''''))");
        List<String> row = rows.getFirst();
        if (!"1".equals(row.get(0))) {
            throw new MariadbException(server() + " does not write a binary log (log_bin is OFF), so changes after "
                    + "a dump cannot be replayed",
                    "start the server with a binlog (in my.cnf: log_bin = mysql-bin, server_id = 1, binlog_format = ROW) "
                            + "and restart it");
        }
        List<String> held = List.of(row.get(1).replace("BINLOG MONITOR", "REPLICATION CLIENT").split(","));
        List<String> missing = privileges.stream().filter(p -> !held.contains(p)).toList();
        if (!missing.isEmpty()) {
            throw lacks(missing, forWhat, null);
        }
    }

    /** The user lacks global privileges; the hint is the statement that grants them. */
    MariadbException lacks(List<String> privileges, String forWhat, Throwable cause) {
        String list = String.join(", ", privileges);
        return new MariadbException(server() + ": user '" + endpoint.user() + "' lacks the privilege"
                + (privileges.size() > 1 ? "s " : " ") + list + " that " + forWhat + " needs",
                "GRANT " + list + " ON *.* TO '" + endpoint.user() + "'@'%'", cause);
    }

    private static String firstErrorLine(CommandFailedException e) {
        return e.errorTail().stream().filter(l -> !l.isBlank()).findFirst().orElse(e.getMessage())
                .replaceFirst("^ERROR [0-9]+ \\([0-9A-Z]+\\): ", "").replaceFirst(" \\([0-9]+\\)$", "");
    }
}
