package dev.arca.storage.sftp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where an {@code sftp://} repository is and how to reach it, read from the URL and the environment.
 *
 * @param location the URL without its query, as every error message names the repository: identity and
 *                 known-hosts paths are settings, not part of where the data lives
 * @param identities the private key files to offer, in order: the named one, or the OpenSSH defaults
 *                   that exist
 * @param identityNamed whether the user named a key, so that a missing file is an error, not a skip
 */
record SftpLocation(String location, String user, String host, int port, String path, List<Path> identities,
                    boolean identityNamed, Path knownHosts) {
    static final String IDENTITY_VARIABLE = "ARCA_SFTP_IDENTITY";
    static final String KNOWN_HOSTS_VARIABLE = "ARCA_SFTP_KNOWN_HOSTS";
    static final int DEFAULT_PORT = 22;
    /** The keys OpenSSH's client tries by default, in its order of preference. */
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /**
     * Reads {@code sftp://user@host[:port]/absolute/path[?identity=/key&known-hosts=/file]}.
     *
     * @param environment where {@value #IDENTITY_VARIABLE} and {@value #KNOWN_HOSTS_VARIABLE} are looked up
     * @param home the local user's home, whose {@code .ssh} holds the default keys and known hosts
     * @param localUser who logs in when the URL names nobody, as with {@code ssh host}
     */
    static SftpLocation parse(URI uri, Map<String, String> environment, Path home, String localUser) {
        if (!"sftp".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
            throw invalid(uri, "expected sftp://user@host[:port]/absolute/path");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid(uri, "no host; expected sftp://user@host[:port]/absolute/path");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw invalid(uri, "no repository path; expected sftp://user@host[:port]/absolute/path");
        }
        // The repository is one directory: a trailing slash names the same one.
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String user = uri.getUserInfo() == null || uri.getUserInfo().isEmpty() ? localUser : uri.getUserInfo();
        if (user.contains(":")) {
            throw invalid(uri, "passwords are not accepted in the URL; arca logs in with keys only");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String location = "sftp://" + user + "@" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + path;
        Map<String, String> query = query(uri);
        Optional<String> identity = setting(query, "identity", environment, IDENTITY_VARIABLE);
        Path ssh = home.resolve(".ssh");
        List<Path> identities = new ArrayList<>();
        identity.ifPresentOrElse(named -> identities.add(Path.of(named)),
                () -> DEFAULT_KEYS.forEach(name -> identities.add(ssh.resolve(name))));
        Path knownHosts = setting(query, "known-hosts", environment, KNOWN_HOSTS_VARIABLE).map(Path::of)
                .orElse(ssh.resolve("known_hosts"));
        return new SftpLocation(location, user, host, port, path, List.copyOf(identities), identity.isPresent(),
                knownHosts);
    }

    /** The repository's path on the server joined with a relative one. */
    String resolve(String relative) {
        return path + "/" + relative;
    }

    private static Optional<String> setting(Map<String, String> query, String parameter,
                                            Map<String, String> environment, String variable) {
        String value = query.get(parameter);
        if (value == null) {
            value = environment.get(variable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static Map<String, String> query(URI uri) {
        String raw = uri.getRawQuery();
        Map<String, String> query = new java.util.TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (!name.equals("identity") && !name.equals("known-hosts")) {
                throw invalid(uri, "unknown parameter '" + name + "'; known parameters: identity, known-hosts");
            }
            if (equals < 0 || equals == pair.length() - 1) {
                throw invalid(uri, "parameter '" + name + "' needs a value, such as " + name + "=/path");
            }
            query.put(name, decode(pair.substring(equals + 1)));
        }
        return query;
    }

    private static String decode(String text) {
        // URLDecoder turns '+' into a space, which is right for a query but not for a path: keep plus signs.
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(URI uri, String problem) {
        return new IllegalArgumentException("repository '" + uri + "': " + problem);
    }
}
