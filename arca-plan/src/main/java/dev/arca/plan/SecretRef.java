package dev.arca.plan;

/**
 * Where a secret comes from. Plans never hold secrets inline, so that a plan can be reviewed,
 * committed and rendered without leaking anything.
 */
public sealed interface SecretRef {

    /** Read from an environment variable of the Arca process. */
    record Env(String variable) implements SecretRef {
        @Override
        public String describe() {
            return "environment variable " + variable;
        }
    }

    /** Read from a file (its content, trailing newline removed). */
    record File(String path) implements SecretRef {
        @Override
        public String describe() {
            return "file " + path;
        }
    }

    /** A reference to an entry of the plan's {@code secrets} section. */
    record Named(String name) implements SecretRef {
        @Override
        public String describe() {
            return "secret " + name;
        }
    }

    /** Where the secret comes from, for documents and messages; never the secret itself. */
    String describe();
}
