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
    private final PromptRouting routing;

    /** {@code routing} null: no prompt routers (a router's ARN is then an invalid model identifier). */
    ResolveTarget(InvocationService invocations, Authorize authorize, PromptRouting routing) {
        this.invocations = requireNonNull(invocations, "invocations");
        this.authorize = requireNonNull(authorize, "authorize");
        this.routing = routing;
    }

    ResolveTarget(InvocationService invocations, Authorize authorize) {
        this(invocations, authorize, null);
    }

    @Override
    public void apply(RuntimeCall call) {
        if (routing != null && PromptRouting.namesRouter(call.wire().input().string("modelId"))) {
            call.target(routing.provisional(call));
            return;
        }
        authorize.requireNamedProfile(call.wire());
        call.target(invocations.resolve(call.wire().scope(), call.wire().input().string("modelId")));
    }
}
