package dev.outcrop.server.runtime;

import dev.outcrop.profileconfig.ParameterNames;
import java.util.Map;

/**
 * Where each native body family carries the inference parameters (as JSON pointers, the way Bedrock names a
 * native body's fields in its refusals), so that a profile's limit or fixed value refuses a native call in the
 * caller's own field names. A parameter a family cannot send is named as Anthropic's field would be.
 */
final class NativeParameterNames {
    private static final ParameterNames GENERIC = new ParameterNames("#/max_tokens", "#/temperature", "#/top_p",
            "#/top_k", "#/stop_sequences", null, "#/response_format");
    private static final Map<String, ParameterNames> BY_FAMILY = Map.of(
            "Anthropic Messages", new ParameterNames("#/max_tokens", "#/temperature", "#/top_p", "#/top_k",
                    "#/stop_sequences", "#/anthropic_version", "#/response_format"),
            "Amazon Nova messages-v1", new ParameterNames("#/inferenceConfig/maxTokens", "#/inferenceConfig/temperature",
                    "#/inferenceConfig/topP", "#/inferenceConfig/topK", "#/inferenceConfig/stopSequences", null,
                    "#/response_format"),
            "Meta Llama", new ParameterNames("#/max_gen_len", "#/temperature", "#/top_p", "#/top_k", "#/stop", null,
                    "#/response_format"),
            "Mistral text completion", new ParameterNames("#/max_tokens", "#/temperature", "#/top_p", "#/top_k",
                    "#/stop", null, "#/response_format"),
            "Amazon Titan Text", new ParameterNames("#/textGenerationConfig/maxTokenCount",
                    "#/textGenerationConfig/temperature", "#/textGenerationConfig/topP", "#/textGenerationConfig/topK",
                    "#/textGenerationConfig/stopSequences", null, "#/response_format"));

    private NativeParameterNames() {}

    /** The names of {@code family}'s fields. */
    static ParameterNames of(NativeFamily family) {
        return BY_FAMILY.getOrDefault(family.name(), GENERIC);
    }
}
