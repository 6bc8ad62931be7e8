package dev.outcrop.stacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * How one resource type ({@code AWS::IAM::Role}, ...) is created, changed and deleted over Outcrop's services.
 * Properties arrive with every intrinsic function evaluated.
 */
public interface ResourceProvider {
    /** The CloudFormation type this provider serves. */
    String type();

    /** The properties this provider applies; setting any other is refused, naming the resource and property. */
    Set<String> properties();

    /** The properties whose change replaces the resource (a new one is created, then the old one deleted). */
    Set<String> replacedBy();

    /**
     * Whether the resource's {@code Metadata} asks for something other than what was last applied to
     * {@code current}, though no property changed: the resource is then updated in place. Most types apply no
     * metadata.
     */
    default boolean metadataChanged(ResourceContext context, Provisioned current) {
        return false;
    }

    /** Creates the resource. */
    Provisioned create(ResourceContext context, ObjectNode properties);

    /** Changes the resource in place from {@code previous} to {@code properties}; no replacing property changed. */
    Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties);

    /**
     * The attributes that are secrets ({@code AWS::IAM::AccessKey}'s {@code SecretAccessKey}): the stack's stored
     * state leaves them out, and {@link #secrets} gives them again when a later operation refers to them.
     */
    default Set<String> secretAttributes() {
        return Set.of();
    }

    /** The secret attributes of an existing resource, read from the service that keeps them sealed. */
    default ObjectNode secrets(ResourceContext context, Provisioned current) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    /** Deletes the resource, last applied with {@code properties}; one already gone is not an error. */
    void delete(ResourceContext context, Provisioned current, ObjectNode properties);
}
