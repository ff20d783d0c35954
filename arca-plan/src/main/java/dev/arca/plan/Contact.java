package dev.arca.plan;

import java.util.Optional;

/**
 * A person or vendor to notify. {@code vendor} names the company for external support contacts, so
 * that documents can list them apart from staff.
 */
public record Contact(
        String name,
        String role,
        Optional<String> email,
        Optional<String> phone,
        Optional<String> vendor) {
}
