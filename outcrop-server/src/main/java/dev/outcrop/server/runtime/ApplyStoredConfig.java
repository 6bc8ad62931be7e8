package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.Target;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.StoredInferenceConfig;

/**
 * The stage merging an application profile's stored inference configuration (its defaults, limits and fixed
 * values) into the parsed request, before counting and admission: the backend receives the effective parameters
 * and the budget reserves against the effective maxTokens. A refusal names the member in the operation's own wire
 * form ({@link ModelOperation#parameterNames}). Calls through anything but an application profile, and CountTokens
 * (which only counts the input), pass unchanged.
 */
final class ApplyStoredConfig implements Stage {
    private final ProfileConfigurations configurations;

    ApplyStoredConfig(ProfileConfigurations configurations) {
        this.configurations = requireNonNull(configurations, "configurations");
    }

    @Override
    public void apply(RuntimeCall call) {
        Target target = call.target();
        if (!call.invokesModel() || !(target instanceof Target.ApplicationProfileTarget)) {
            return;
        }
        StoredInferenceConfig config = configurations.forCall(target.arn());
        if (config.isEmpty()) {
            return;
        }
        // The version is read only when the profile fixes one: most calls parse their body once.
        String version = config.anthropicVersion() != null ? call.operation().anthropicVersion(call) : null;
        call.request(config.apply(target.arn(), call.request(), call.operation().parameterNames(call), version));
    }
}
