package dev.arca.plan;

import java.time.Duration;
import java.util.List;

/**
 * One step of the escalation policy: {@code after} an incident opens without acknowledgement, notify
 * these contacts through these channels (all channels when none are listed).
 */
public record EscalationLevel(Duration after, List<String> contacts, List<String> via) {
    public EscalationLevel {
        contacts = List.copyOf(contacts);
        via = List.copyOf(via);
    }
}
