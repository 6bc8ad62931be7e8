package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.Target;
import dev.outcrop.router.CascadeCheck;
import dev.outcrop.router.DecisionHeader;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.router.RouterDecider;
import dev.outcrop.router.RouterDecision;
import dev.outcrop.router.RoutingMode;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.usage.StoredAttribute;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.TagService;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The router stage: when the call's {@code modelId} names a prompt router, the router's decision replaces the
 * target by one of the router's models, which is then authorized, routed, metered and priced like any call to it.
 *
 * <p>Two steps, because the decision needs the parsed request: {@link #provisional} (asked by {@link ResolveTarget})
 * authorizes the router on the ARN the caller named, before it is looked up, and gives the call the router's first
 * model as a provisional target, whose body family the request is parsed in (a router's models are of one
 * provider); {@link #apply}, after {@link ParseRequest}, decides and authorizes the chosen model
 * ({@link Authorize} leaves a routed call to this stage).
 */
final class PromptRouting implements Stage {
    /** The usage attribute naming the router a call went through. */
    static final String ROUTER_ATTRIBUTE = "promptRouter";
    /** The usage attribute naming the model the router invoked (a profile or foundation-model ARN). */
    static final String INVOKED_ATTRIBUTE = "invokedModel";
    /** The usage attribute naming the model a routed call's saving is measured against: the router's stronger one. */
    static final String BASELINE_ATTRIBUTE = StoredAttribute.ROUTER_BASELINE.key();
    /** The usage attribute saying what part a call had in a cascade. */
    static final String CASCADE_ATTRIBUTE = StoredAttribute.ROUTER_CASCADE.key();
    /** The request header by which a caller asks for {@link #DECISION_HEADER}, with the value {@value #DEBUG_DECISION}. */
    static final String DEBUG_HEADER = "x-outcrop-router-debug";
    static final String DEBUG_DECISION = "decision";
    /** The response header carrying the router's decision ({@link #decisionHeader}). */
    static final String DECISION_HEADER = "x-outcrop-router-decision";

    private final PromptRouterService routers;
    private final RouterDecider decider;
    private final InvocationService invocations;
    private final Catalog catalog;
    private final Authorize authorize;
    private final AccessControl access;
    private final TagService tags;
    private final DecisionHeader decisionHeader;

    PromptRouting(PromptRouterService routers, RouterDecider decider, InvocationService invocations, Catalog catalog,
                  Authorize authorize, AccessControl access, TagService tags, DecisionHeader decisionHeader) {
        this.routers = requireNonNull(routers, "routers");
        this.decider = requireNonNull(decider, "decider");
        this.invocations = requireNonNull(invocations, "invocations");
        this.catalog = requireNonNull(catalog, "catalog");
        this.authorize = requireNonNull(authorize, "authorize");
        this.access = requireNonNull(access, "access");
        this.tags = requireNonNull(tags, "tags");
        this.decisionHeader = requireNonNull(decisionHeader, "decisionHeader");
    }

    /** Whether {@code modelId} names a prompt router (default or custom). */
    static boolean namesRouter(String modelId) {
        return Arn.hasResourceType(modelId, ResourceTypes.PROMPT_ROUTER)
                || Arn.hasResourceType(modelId, ResourceTypes.DEFAULT_PROMPT_ROUTER);
    }

    /** Whether the call goes through a router. */
    static boolean routed(RuntimeCall call) {
        return call.attributes().containsKey(ROUTER_ATTRIBUTE);
    }

    /**
     * The router's first model as the call's provisional target, once the caller is allowed the action on the router.
     *
     * @throws ResourceNotFoundException when the router does not exist in the caller's account and region
     */
    Target provisional(RuntimeCall call) {
        OperationCall wire = call.wire();
        String modelId = wire.input().string("modelId");
        access.require(wire.caller(), wire.scope().region(), Authorize.action(wire.operation().name()), modelId,
                ResourceKeys.resourceTags(tags.tagsOf(modelId)));
        PromptRouter router = router(wire);
        call.attribute(ROUTER_ATTRIBUTE, modelId);
        return invocations.resolve(wire.scope(), router.modelArns().getFirst());
    }

    @Override
    public void apply(RuntimeCall call) {
        if (!routed(call)) {
            return;
        }
        OperationCall wire = call.wire();
        Function<String, FoundationModel> models =
                arn -> catalog.model(invocations.resolve(wire.scope(), arn).modelId()).orElseThrow();
        PromptRouter router = router(wire);
        RouterDecision decision = decider.decide(router, call.request(), models);
        call.target(authorize.authorize(wire, invocations.resolve(wire.scope(), decision.modelArn())));
        call.attribute(INVOKED_ATTRIBUTE, decision.modelArn());
        call.attribute(BASELINE_ATTRIBUTE, models.apply(decision.strongerModelArn()).modelId());
        if (decision.reason() == RouterDecision.Reason.CASCADE) {
            // Either model may answer: the caller must be allowed both before the first is asked, so that an
            // escalation is never refused halfway through an answer.
            Target stronger = authorize.authorize(wire, invocations.resolve(wire.scope(), decision.strongerModelArn()));
            call.escalation(new RuntimeCall.Escalation(stronger, decision.strongerModelArn(), router.escalateOn(),
                    router.minConfidence()));
            call.attribute(CASCADE_ATTRIBUTE, Cascade.CHEAPER);
        }
        if (decisionHeader == DecisionHeader.ALWAYS || decisionHeader == DecisionHeader.ON_REQUEST
                && DEBUG_DECISION.equalsIgnoreCase(String.valueOf(wire.request().header(DEBUG_HEADER)).strip())) {
            call.responseHeader(DECISION_HEADER, decisionHeader(router, decision));
        }
    }

    /**
     * The decision as one line of JSON: the router, its mode, why, the chosen model, and each model's predicted
     * score with each feature's contribution. Only names and numbers: never the request's text. Printable ASCII,
     * as a header value must be.
     */
    static String decisionHeader(PromptRouter router, RouterDecision decision) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("router", router.id());
        json.put("mode", router.mode().tagValue());
        json.put("reason", decision.reason().name());
        json.put("chosen", decision.modelId());
        ObjectNode predictions = json.putObject("predictions");
        decision.predictions().forEach((model, prediction) -> {
            ObjectNode p = predictions.putObject(model);
            p.put("score", Math.round(prediction.score() * 10) / 10.0);
            ObjectNode contributions = p.putObject("contributions");
            prediction.contributions().forEach(contributions::put);
        });
        if (router.mode() == RoutingMode.CASCADE) {
            json.putArray("escalateOn").addAll(CascadeCheck.sorted(router.escalateOn()).stream()
                    .map(json::textNode).toList());
            if (router.escalateOn().contains(CascadeCheck.LOW_CONFIDENCE)) {
                json.put("minConfidence", router.minConfidence());
            }
        }
        StringBuilder ascii = new StringBuilder();
        new String(Json.write(json), StandardCharsets.UTF_8).chars()
                .forEach(c -> ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return ascii.toString();
    }

    private PromptRouter router(OperationCall wire) {
        String modelId = wire.input().string("modelId");
        return routers.resolve(wire.scope(), modelId).orElseThrow(() ->
                new ResourceNotFoundException("The prompt router " + modelId + " was not found."));
    }

    /**
     * Whether the call's answer carries the router's trace (the router chose its model), so that an upstream's own
     * answer cannot be handed on unchanged.
     */
    static boolean traces(RuntimeCall call) {
        return call.attributes().containsKey(INVOKED_ATTRIBUTE);
    }

    /**
     * {@code trace.promptRouter.invokedModelId} on a Converse answer or metadata event of a routed call, beside the
     * traces the upstream's own answer may carry (a guardrail's).
     */
    static void trace(ObjectNode payload, RuntimeCall call) {
        String invoked = call.attributes().get(INVOKED_ATTRIBUTE);
        if (invoked != null) {
            ObjectNode trace = payload.get("trace") instanceof ObjectNode upstream ? upstream : payload.putObject("trace");
            trace.putObject("promptRouter").put("invokedModelId", invoked);
        }
    }

    /**
     * What Bedrock returns in a native body (InvokeModel) of a routed call: {@code amazon-bedrock-trace.promptRouter
     * .invokedModelId}, where it reports its other traces.
     */
    static void nativeTrace(ObjectNode body, RuntimeCall call) {
        String invoked = call.attributes().get(INVOKED_ATTRIBUTE);
        if (invoked != null) {
            body.putObject("amazon-bedrock-trace").putObject("promptRouter").put("invokedModelId", invoked);
        }
    }
}
