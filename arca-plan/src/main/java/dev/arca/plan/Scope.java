package dev.arca.plan;

import java.util.List;

/** Which systems a scheduled job covers: all of them, or a named list. */
public record Scope(boolean all, List<String> systems) {

    public static final Scope ALL = new Scope(true, List.of());

    public Scope {
        systems = List.copyOf(systems);
    }

    public static Scope of(List<String> systems) {
        return new Scope(false, systems);
    }

    public boolean covers(String system) {
        return all || systems.contains(system);
    }

    @Override
    public String toString() {
        return all ? "all systems" : String.join(", ", systems);
    }
}
