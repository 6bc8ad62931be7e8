package dev.outcrop.app;

import dev.outcrop.arn.Arn;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.context.RequestScope;
import dev.outcrop.router.PromptRouterService;

/**
 * What a prompt variant's {@code modelId} may name, as Bedrock's prompt management takes it: a foundation model or
 * an inference profile that can be called in the caller's region, or a prompt router (default or custom) there.
 * The server and the CLI check variants the same way.
 */
final class PromptModels {
    private PromptModels() {}

    /** Checks {@code modelId}; throws a Bedrock error when it names nothing callable in {@code scope}. */
    static void check(TargetResolver targets, PromptRouterService routers, RequestScope scope, String modelId) {
        if (Arn.parse(modelId).filter(PromptRouterService::isRouterArn).isPresent()) {
            routers.find(scope, modelId).orElseThrow(() -> new ResourceNotFoundException(
                    "The prompt router " + modelId + " was not found."));
            return;
        }
        targets.resolve(scope, modelId);
    }
}
