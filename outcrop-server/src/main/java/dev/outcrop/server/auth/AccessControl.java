package dev.outcrop.server.auth;

import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.iam.Decision;
import dev.outcrop.iam.RequestContext;

/** Decides whether a caller may perform an action on a resource. */
public interface AccessControl {

    /** Everything is allowed: anonymous local development only. */
    AccessControl ALLOW_ALL = (caller, context) -> new Decision(Decision.Effect.ALLOW, "anonymous");

    /** The decision for {@code caller} on {@code context}. */
    Decision decide(Caller caller, RequestContext context);

    /**
     * Throws AWS's {@code AccessDeniedException} unless the decision allows.
     *
     * @throws AccessDeniedException with AWS's wording: who, what, on which resource, and whether it was
     *         an explicit deny or the absence of an allow
     */
    default void check(Caller caller, RequestContext context, String partition) {
        Decision decision = decide(caller, context);
        if (decision.allowed()) {
            return;
        }
        String who = caller.principal().kind() == dev.outcrop.identity.Principal.Kind.USER ? "User: " : "Role: ";
        throw new AccessDeniedException(who + caller.principal().arn(partition) + " is not authorized to perform: "
                + context.action() + " on resource: " + context.resource()
                + (decision.effect() == Decision.Effect.EXPLICIT_DENY
                        ? " with an explicit deny in an identity-based policy"
                        : " because no identity-based policy allows the " + context.action() + " action"));
    }

    /** Whether the decision allows, without throwing. */
    default boolean allows(Caller caller, RequestContext context) {
        return decide(caller, context).allowed();
    }
}
