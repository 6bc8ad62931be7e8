package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.iam.RequestContext;
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
     * Checks the caller may make this call, and narrows the target to the destinations it may use.
     *
     * @throws dev.outcrop.error.AccessDeniedException when it may not call the target, or no destination
     */
    Target authorize(OperationCall call, Target target) {
        String action = action(call.operation().name());
        String region = call.scope().region();
        if (target instanceof Target.FoundationModelTarget) {
            guard.require(call.caller(), region, action, target.arn(), k -> { });
            return target;
        }
        guard.require(call.caller(), region, action, target.arn(), ResourceKeys.resourceTags(tags.tagsOf(target.arn()))
                .andThen(k -> k.key("bedrock:InferenceProfileArn", target.arn())));
        // One context for every destination (the same keys; only the foundation model's ARN differs).
        RequestContext perDestination = guard.context(call.caller(), region, action, target.arn(),
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
