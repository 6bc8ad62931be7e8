package dev.outcrop.stacks.providers;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.stacks.CdkMetadataProvider;
import dev.outcrop.stacks.ResourceProviders;
import dev.outcrop.tag.TagService;
import java.util.List;

/** Every resource type Outcrop serves, over its services. */
public final class OutcropProviders {
    private OutcropProviders() {}

    /** The providers over these services. */
    public static ResourceProviders over(InferenceProfileService profiles, TagService tags, IdentityService identity,
                                         ProfileConfigurations configurations, PromptService prompts,
                                         PromptProvider.InputCheck promptCheck) {
        return new ResourceProviders(List.of(new CdkMetadataProvider(),
                new ApplicationInferenceProfileProvider(profiles, tags, configurations),
                PrincipalProvider.roles(identity), PrincipalProvider.users(identity),
                AttachedPolicyProvider.inline(identity), AttachedPolicyProvider.managed(identity),
                new LambdaFunctionProvider(identity), new AccessKeyProvider(identity),
                new PromptProvider(prompts, tags, promptCheck), new PromptVersionProvider(prompts)));
    }
}
