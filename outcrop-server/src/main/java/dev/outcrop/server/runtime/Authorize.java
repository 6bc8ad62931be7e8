package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.iam.RequestContext;
import dev.outcrop.invoke.Target;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.TagService;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage deciding whether the caller may call the target: Bedrock's authorization of a model call. The
 * action on what was called (the model, or the profile with {@code bedrock:InferenceProfileArn} and its
 * tags), and, for a profile, the action on the foundation model in each destination region with
 * {@code bedrock:InferenceProfileArn} set. The target is narrowed to the regions the caller may use.
 *
 * <p>An application profile, an account's own resource, is authorized on the ARN the caller named before it
 * is looked up ({@link ResolveTarget} asks {@link #requireNamedProfile}): a caller that may not use it gets
 * {@code AccessDeniedException} whether or not it exists, and learns nothing of what the account holds.
 */
final class Authorize implements Stage {
    private final AccessControl access;
    private final TagService tags;

    Authorize(AccessControl access, TagService tags) {
        this.access = requireNonNull(access, "access");
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

    @Override
    public void apply(RuntimeCall call) {
        if (PromptRouting.routed(call)) {
            return; // the target is provisional: the router stage authorizes the model it chooses
        }
        call.target(authorize(call.wire(), call.target()));
    }

    /**
     * The part of {@code target} the caller may use: {@code target} itself for a foundation model, a profile's
     * destinations whose model the caller may use through it.
     *
     * @throws dev.outcrop.error.AccessDeniedException when it may not call the target, or no destination
     */
    Target authorize(OperationCall call, Target target) {
        String action = action(call.operation().name());
        if (target instanceof Target.FoundationModelTarget) {
            access.require(call.caller(), call.scope().region(), action, target.arn(), k -> { });
            return target;
        }
        if (!(target instanceof Target.ApplicationProfileTarget && namesApplicationProfile(call.input().string("modelId")))) {
            requireProfile(call, action, target.arn()); // a named application profile was, before it was looked up
        }
        return destinations(call, action, target);
    }

    /**
     * When the call's {@code modelId} names an application profile: the action on that ARN, before anything
     * says whether it exists.
     */
    void requireNamedProfile(OperationCall call) {
        String modelId = call.input().string("modelId");
        if (namesApplicationProfile(modelId)) {
            requireProfile(call, action(call.operation().name()), modelId);
        }
    }

    private static boolean namesApplicationProfile(String modelId) {
        return Arn.hasResourceType(modelId, ResourceTypes.APPLICATION_INFERENCE_PROFILE);
    }

    /** The action on the profile itself, with its tags and {@code bedrock:InferenceProfileArn}. */
    private void requireProfile(OperationCall call, String action, String profileArn) {
        access.require(call.caller(), call.scope().region(), action, profileArn,
                ResourceKeys.resourceTags(tags.tagsOf(profileArn)).andThen(k -> k.key("bedrock:InferenceProfileArn", profileArn)));
    }

    /** The profile's destinations whose foundation model the caller may use through it; none is a denial. */
    private Target destinations(OperationCall call, String action, Target target) {
        // One context for every destination (the same keys; only the foundation model's ARN differs).
        RequestContext perDestination = access.context(call.caller(), call.scope().region(), action, target.arn(),
                k -> k.key("bedrock:InferenceProfileArn", target.arn()));
        List<String> permitted = new ArrayList<>(target.destinations().size());
        for (String destination : target.destinations()) {
            if (access.allows(call.caller(), perDestination.withResource(modelArn(call, target, destination)))) {
                permitted.add(destination);
            }
        }
        if (permitted.isEmpty()) {
            String first = target.destinations().getFirst();
            access.require(call.caller(), perDestination.withResource(modelArn(call, target, first)));
        }
        return target.withDestinations(permitted);
    }

    private static String modelArn(OperationCall call, Target target, String region) {
        return Arn.foundationModel(call.scope().partition(), region, target.modelId()).toString();
    }
}
