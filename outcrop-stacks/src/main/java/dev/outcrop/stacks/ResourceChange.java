package dev.outcrop.stacks;

import java.util.List;

/**
 * One change a deploy would make to a resource, as CloudFormation's {@code DescribeChangeSet} lists it.
 *
 * @param action {@code Add}, {@code Modify} or {@code Remove}
 * @param logicalId the resource's logical id
 * @param physicalId its physical id, or null for one to be added
 * @param type its resource type
 * @param replacement for a {@code Modify}: {@code True}, {@code False} or {@code Conditional} (it depends on a
 *        value known only once another resource changed); null otherwise
 * @param scope what changes: {@code Properties}, {@code Tags}
 * @param details each changed property, for a {@code Modify}
 */
public record ResourceChange(String action, String logicalId, String physicalId, String type, String replacement,
                             List<String> scope, List<Detail> details) {
    /** Copies the lists. */
    public ResourceChange {
        scope = List.copyOf(scope);
        details = List.copyOf(details);
    }

    /**
     * One changed property.
     *
     * @param attribute {@code Properties} or {@code Tags}
     * @param name the property
     * @param requiresRecreation {@code Always} (a replacing property), {@code Never}
     * @param evaluation {@code Static} (known now) or {@code Dynamic} (known once {@code causingEntity} changed)
     * @param changeSource {@code DirectModification} or {@code ResourceReference}
     * @param causingEntity the resource whose change causes it, for a {@code ResourceReference}; else null
     */
    public record Detail(String attribute, String name, String requiresRecreation, String evaluation,
                         String changeSource, String causingEntity) {}
}
