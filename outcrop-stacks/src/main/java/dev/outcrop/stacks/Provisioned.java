package dev.outcrop.stacks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource as it exists: its physical id (what {@code Ref} gives) and its attributes (what
 * {@code Fn::GetAtt} gives).
 */
public record Provisioned(String physicalId, ObjectNode attributes) {
    /** Checks the members. */
    public Provisioned {
        requireNonNull(physicalId, "physicalId");
        requireNonNull(attributes, "attributes");
    }
}
