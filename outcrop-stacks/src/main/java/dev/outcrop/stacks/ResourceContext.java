package dev.outcrop.stacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.context.RequestScope;

/**
 * Where a resource is applied: the account and region of its stack, the stack, the resource's logical id and
 * its {@code Metadata} (where the CDK writes {@code aws:asset:path}).
 */
public record ResourceContext(RequestScope scope, String stackName, String stackId, String logicalId,
                              ObjectNode metadata) {
    /**
     * The name CloudFormation gives a resource whose template gives none: {@code STACK-LOGICALID-SUFFIX}, cut
     * to {@code maxLength}, with a random suffix so that a replacement does not collide with what it replaces.
     */
    public String generatedName(int maxLength) {
        String suffix = dev.outcrop.util.ResourceIds.newId(12).toUpperCase(java.util.Locale.ROOT);
        String base = stackName + "-" + logicalId;
        int room = maxLength - suffix.length() - 1;
        return (base.length() > room ? base.substring(0, room) : base) + "-" + suffix;
    }
}
