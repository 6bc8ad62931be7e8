package dev.outcrop.stacks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.context.RequestScope;

/**
 * Where a resource is applied: the account and region of its stack, the stack, the resource's logical id, its
 * {@code Metadata} (where the CDK writes {@code aws:asset:path}), and the authority the stack acts with.
 */
public record ResourceContext(RequestScope scope, String stackName, String stackId, String logicalId,
                              ObjectNode metadata, StackAuthority authority) {
    /** Checks the members. */
    public ResourceContext {
        requireNonNull(authority, "authority");
    }

    /**
     * Refuses unless the stack's authority may perform {@code action} on {@code resource}; a provider asks before
     * each operation it makes, as the API would authorize the same operation.
     *
     * @throws dev.outcrop.error.AccessDeniedException in IAM's words, which fails the resource
     */
    public void require(String action, String resource) {
        authority.require(action, resource);
    }

    /** The ARN of an IAM resource of the account: {@code arn:aws:iam::ACCOUNT:role/NAME}. */
    public String iamArn(String resource) {
        return "arn:" + scope.partition() + ":iam::" + scope.accountId() + ":" + resource;
    }

    /** The ARN of a regional resource of the account: {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME}. */
    public String regionalArn(String service, String resource) {
        return "arn:" + scope.partition() + ":" + service + ":" + scope.region() + ":" + scope.accountId() + ":"
                + resource;
    }

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
