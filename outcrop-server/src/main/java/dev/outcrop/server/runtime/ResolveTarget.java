package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;

/**
 * The stage resolving the call's {@code modelId} into its target (a foundation model, a system or application
 * profile). An application profile is guarded before it is looked up ({@link Authorize#requireNamedProfile}), so a
 * caller learns nothing of what the account holds; foundation models and system profiles are the catalog's,
 * public, so an identifier that names none of them is a validation error for anyone.
 */
final class ResolveTarget implements Stage {
    private final InvocationService invocations;
    private final Authorize authorize;

    ResolveTarget(InvocationService invocations, Authorize authorize) {
        this.invocations = requireNonNull(invocations, "invocations");
        this.authorize = requireNonNull(authorize, "authorize");
    }

    @Override
    public void apply(RuntimeCall call) {
        authorize.requireNamedProfile(call.wire());
        call.target(invocations.resolve(call.wire().scope(), call.wire().input().string("modelId")));
    }
}
