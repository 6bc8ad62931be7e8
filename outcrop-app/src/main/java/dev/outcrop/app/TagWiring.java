package dev.outcrop.app;

import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.tag.TagService;
import dev.outcrop.tag.TagStore;

/** The tag service over the services that own taggable resources, as the server and the CLI build it. */
final class TagWiring {
    private TagWiring() {}

    /**
     * Prompts, their versions and custom routers take tags like application profiles: each ARN's resource type
     * names the service that says whether it exists and may be tagged.
     */
    static TagService tags(TagStore store, InferenceProfileService profiles, PromptService prompts,
                           PromptRouterService routers, ChangeFeed changes) {
        return new TagService(store, (scope, arn) -> PromptRouterService.isRouterArn(arn)
                ? routers.taggability(scope, arn) : arn.resourceType().equals(Prompt.RESOURCE_TYPE)
                ? prompts.taggability(scope, arn) : profiles.taggability(scope, arn), changes);
    }
}
