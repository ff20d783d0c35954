package dev.arca.repository;

/**
 * Marks when a command passes the phases that decide its start-up and walk time, for
 * {@code bench/phases.sh}: with {@code -Darca.trace=true} each mark prints {@code arca-trace PHASE
 * EPOCH-MILLIS} on standard error, and the script subtracts the moment it launched the command.
 * Off by default, when a mark is one test of a constant.
 */
public final class PhaseTrace {
    private static final boolean ON = Boolean.getBoolean("arca.trace");

    private PhaseTrace() {
    }

    public static void mark(String phase) {
        if (ON) {
            System.err.println("arca-trace " + phase + " " + System.currentTimeMillis());
        }
    }
}
