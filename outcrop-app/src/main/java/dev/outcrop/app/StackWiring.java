package dev.outcrop.app;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.server.smithy.InputValidator;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.stacks.StackEngine;
import dev.outcrop.stacks.providers.OutcropProviders;
import dev.outcrop.stacks.template.SsmParameters;
import dev.outcrop.store.Database;
import dev.outcrop.store.JdbcStackStore;
import dev.outcrop.tag.TagService;
import java.time.Clock;

/** The stack engine over the services, as the server and the CLI build it. */
final class StackWiring {
    private static final String CREATE_PROMPT_INPUT = "com.amazonaws.bedrockagent#CreatePromptRequest";

    private StackWiring() {}

    static StackEngine engine(Database database, SmithyModel model, InferenceProfileService profiles, TagService tags,
                              IdentityService identity, ProfileConfigurations configurations,
                              PromptService prompts) {
        InputValidator validator = new InputValidator(model);
        return new StackEngine(new JdbcStackStore(database), OutcropProviders.over(profiles, tags, identity,
                configurations, prompts,
                input -> validator.validate(CREATE_PROMPT_INPUT, input)), SsmParameters.builtIn(), Clock.systemUTC());
    }
}
