package dev.arca.plan.parse;

import dev.arca.plan.SecretRef;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads a secret reference: {@code {env: VAR}}, {@code {file: PATH}} or {@code {secret: NAME}}. */
final class SecretReader {
    private static final Set<String> KEYS = Set.of("env", "file", "secret");
    static final String FORMS = "{env: VARIABLE}, {file: /path/to/file} or {secret: NAME}";

    private SecretReader() {
    }

    static Optional<SecretRef> read(Diagnostics d, String at, Node n, boolean allowNamed) {
        if (n instanceof ScalarNode) {
            d.error(n, at, "inline secrets are not accepted, got a literal value; write " + FORMS
                    + " so that the plan can be shared and committed without the secret");
            return Optional.empty();
        }
        Optional<MappingReader> m = MappingReader.of(d, at, n);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        MappingReader r = m.get().allow(allowNamed ? KEYS : Set.of("env", "file"));
        if (r.keys().size() != 1) {
            d.error(n, at, "expected exactly one of " + (allowNamed ? FORMS : "{env: VARIABLE} or {file: /path/to/file}")
                    + ", got " + r.keys().size() + " keys");
            return Optional.empty();
        }
        if (r.has("env")) {
            return r.text("env").map(SecretRef.Env::new);
        }
        if (r.has("file")) {
            return r.text("file").map(SecretRef.File::new);
        }
        if (r.has("secret") && allowNamed) {
            return r.text("secret").map(SecretRef.Named::new);
        }
        return Optional.empty();
    }
}
