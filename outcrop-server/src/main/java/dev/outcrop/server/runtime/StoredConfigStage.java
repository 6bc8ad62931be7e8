package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Target;
import dev.outcrop.profileconfig.ParameterNames;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;

/**
 * The runtime stage that merges an application profile's stored inference configuration into the parsed request,
 * after parsing and before counting and admission, so that the budget reserves against the effective maxTokens
 * and the backend receives the profile's defaults, limits and fixed values. Calls through anything but an
 * application profile pass unchanged.
 */
public final class StoredConfigStage {
    private final ProfileConfigurations configurations;

    /** Creates the stage over the profiles' configurations. */
    public StoredConfigStage(ProfileConfigurations configurations) {
        this.configurations = requireNonNull(configurations, "configurations");
    }

    /** A Converse (or ConverseStream) request as served through {@code target}. */
    ChatRequest converse(Target target, ChatRequest request) {
        if (!(target instanceof Target.ApplicationProfileTarget)) {
            return request;
        }
        return configurations.forCall(target.arn()).apply(target.arn(), request, ParameterNames.CONVERSE, null);
    }

    /** A native InvokeModel request of {@code family} (its body {@code payload}) as served through {@code target}. */
    ChatRequest invoke(Target target, ChatRequest request, NativeFamily family, byte[] payload) {
        if (!(target instanceof Target.ApplicationProfileTarget)) {
            return request;
        }
        StoredInferenceConfig config = configurations.forCall(target.arn());
        ParameterNames names = NativeParameterNames.of(family);
        // The version is read only when the profile fixes one: most calls parse their body once.
        String version = config.anthropicVersion() != null && names.anthropicVersion() != null
                ? anthropicVersion(payload) : null;
        return config.apply(target.arn(), request, names, version);
    }

    private static String anthropicVersion(byte[] payload) {
        try {
            JsonNode body = Json.mapper().readTree(payload);
            return body == null ? null : body.path("anthropic_version").asText(null);
        } catch (IOException e) {
            return null; // parsed already: a body that does not read never gets here
        }
    }
}
