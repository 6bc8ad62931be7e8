package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.iam.RequestContext;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.Target;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.Guard;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.TagService;
import java.util.ArrayList;
import java.util.List;

/**
 * Bedrock's authorization of a model call: the action on what was called (the model, or the profile with
 * {@code bedrock:InferenceProfileArn} and its tags), and, for a profile, the action on the foundation model
 * in each destination region with {@code bedrock:InferenceProfileArn} set. The call is then routed only
 * among the regions the caller may use.
 */
final class RuntimeAccess {
    private final Guard guard;
    private final TagService tags;

    RuntimeAccess(Guard guard, TagService tags) {
        this.guard = requireNonNull(guard, "guard");
        this.tags = requireNonNull(tags, "tags");
    }

    /** The IAM action of a runtime operation. */
    static String action(String operation) {
        return switch (operation) {
            case "ConverseStream", "InvokeModelWithResponseStream" -> "bedrock:InvokeModelWithResponseStream";
            case "CountTokens" -> "bedrock:CountTokens";
            default -> "bedrock:InvokeModel";
        };
    }

    /**
     * Resolves the call's {@code modelId} into the target the caller may use, narrowed to the destinations
     * it may use. An application profile, an account's own resource, is authorized on the ARN the caller
     * named before it is looked up: a caller that may not use it gets {@code AccessDeniedException} whether
     * or not it exists, and learns nothing of what the account holds. Foundation models and system profiles
     * are the catalog's, public, so an identifier that names none of them is still a validation error.
     *
     * @throws dev.outcrop.error.AccessDeniedException when it may not call the target, or no destination
     */
    Target target(OperationCall call, InvocationService invocations) {
        return target(call, invocations, call.input().string("modelId"));
    }

    /** As {@link #target(OperationCall, InvocationService)}, for {@code modelId} in place of the call's (a router's choice). */
    Target target(OperationCall call, InvocationService invocations, String modelId) {
        String action = action(call.operation().name());
        if (namesApplicationProfile(modelId)) {
            requireProfile(call, action, modelId);
            return destinations(call, action, invocations.resolve(call.scope(), modelId));
        }
        Target target = invocations.resolve(call.scope(), modelId);
        if (target instanceof Target.FoundationModelTarget) {
            guard.require(call.caller(), call.scope().region(), action, target.arn(), k -> { });
            return target;
        }
        requireProfile(call, action, target.arn());
        return destinations(call, action, target);
    }

    private static boolean namesApplicationProfile(String modelId) {
        return Arn.parse(modelId).filter(a -> a.resourceType().equals(ResourceTypes.APPLICATION_INFERENCE_PROFILE))
                .isPresent();
    }

    /** The action on the profile itself, with its tags and {@code bedrock:InferenceProfileArn}. */
    private void requireProfile(OperationCall call, String action, String profileArn) {
        guard.require(call.caller(), call.scope().region(), action, profileArn,
                ResourceKeys.resourceTags(tags.tagsOf(profileArn)).andThen(k -> k.key("bedrock:InferenceProfileArn", profileArn)));
    }

    /** The profile's destinations whose foundation model the caller may use through it; none is a denial. */
    private Target destinations(OperationCall call, String action, Target target) {
        // One context for every destination (the same keys; only the foundation model's ARN differs).
        RequestContext perDestination = guard.context(call.caller(), call.scope().region(), action, target.arn(),
                k -> k.key("bedrock:InferenceProfileArn", target.arn()));
        List<String> permitted = new ArrayList<>(target.destinations().size());
        for (String destination : target.destinations()) {
            if (guard.allows(call.caller(), perDestination.withResource(modelArn(call, target, destination)))) {
                permitted.add(destination);
            }
        }
        if (permitted.isEmpty()) {
            String first = target.destinations().getFirst();
            guard.require(call.caller(), perDestination.withResource(modelArn(call, target, first)));
        }
        return target.withDestinations(permitted);
    }

    private static String modelArn(OperationCall call, Target target, String region) {
        return Arn.foundationModel(call.scope().partition(), region, target.modelId()).toString();
    }
}
