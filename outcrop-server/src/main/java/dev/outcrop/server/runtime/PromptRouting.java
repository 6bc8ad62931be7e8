package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.router.RouterDecider;
import dev.outcrop.router.RouterDecision;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.Guard;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.TagService;
import java.util.Optional;
import java.util.function.Function;

/**
 * The router step of a runtime call: when {@code modelId} names a prompt router, the caller must be allowed the
 * action on the router, and the router's decision replaces the model called by one of the router's models, which
 * is then authorized, routed, metered and priced like any call to it.
 */
public final class PromptRouting {
    /** The response header that explains the router's decision (scores and feature contributions, no text). */
    public static final String DECISION_HEADER = "x-outcrop-router-decision";

    private final PromptRouterService routers;
    private final RouterDecider decider;
    private final Guard guard;
    private final TagService tags;

    /** Creates the step. */
    public PromptRouting(PromptRouterService routers, RouterDecider decider, Guard guard, TagService tags) {
        this.routers = requireNonNull(routers, "routers");
        this.decider = requireNonNull(decider, "decider");
        this.guard = requireNonNull(guard, "guard");
        this.tags = requireNonNull(tags, "tags");
    }

    /** A routed call: the router that was called and what it decided. */
    public record Routed(String routerArn, RouterDecision decision) {}

    /** Whether the call's {@code modelId} names a prompt router (default or custom). */
    static boolean namesRouter(String modelId) {
        return Arn.parse(modelId).filter(PromptRouterService::isRouterArn).isPresent();
    }

    /**
     * Routes the call when its {@code modelId} names a router; empty otherwise. The router is authorized on the ARN
     * the caller named before it is looked up, so a denied caller learns nothing of what exists.
     *
     * @throws ResourceNotFoundException when the router does not exist in the caller's account and region
     */
    Optional<Routed> route(OperationCall call, ChatRequest request, InvocationService invocations,
                           Function<String, FoundationModel> models) {
        if (!namesRouter(call.input().string("modelId"))) {
            return Optional.empty();
        }
        return Optional.of(decide(call, router(call), request, models));
    }

    /**
     * The router the call names, once the caller is allowed the action on it.
     *
     * @throws ResourceNotFoundException when the router does not exist in the caller's account and region
     */
    PromptRouter router(OperationCall call) {
        String modelId = call.input().string("modelId");
        guard.require(call.caller(), call.scope().region(), RuntimeAccess.action(call.operation().name()), modelId,
                ResourceKeys.resourceTags(tags.tagsOf(modelId)));
        return routers.resolve(call.scope(), modelId).orElseThrow(() ->
                new ResourceNotFoundException("The prompt router " + modelId + " was not found."));
    }

    /** The router's decision for one request. */
    Routed decide(OperationCall call, PromptRouter router, ChatRequest request, Function<String, FoundationModel> models) {
        return new Routed(call.input().string("modelId"), decider.decide(router, request, models));
    }
}
