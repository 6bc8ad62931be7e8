package dev.outcrop.app.cloudformation;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.stacks.StackAuthority;

/**
 * Decides what a stack may do, over the same IAM policy engine that authorizes the API ({@link AccessControl}): a
 * stack operation asked through the CloudFormation API or the admin API acts with its caller's own permissions, so
 * a caller allowed {@code cloudformation:CreateStack} gets no more through a template than it could do by calling
 * each service itself.
 */
public final class StackAuthorities {
    private final AccessControl access;

    /** Creates the authorities over the access control that authorizes the API. */
    public StackAuthorities(AccessControl access) {
        this.access = requireNonNull(access, "access");
    }

    /** The authority of {@code caller}: its own identity-based policies decide, with IAM's global keys of {@code region}. */
    public StackAuthority of(Caller caller, String region) {
        requireNonNull(caller, "caller");
        requireNonNull(region, "region");
        return (action, resource) -> access.require(caller, region, action, resource, keys -> { });
    }
}
