package dev.outcrop.profileconfig;

import static java.util.Objects.requireNonNull;

/**
 * Where a request's wire form carries each inference parameter, so that a refusal names the member the caller
 * actually sent: Converse's {@code inferenceConfig.maxTokens}, an Anthropic body's {@code #/max_tokens}, ...
 *
 * @param maxTokens the most tokens to generate
 * @param temperature the temperature
 * @param topP nucleus sampling
 * @param topK the candidates at each step
 * @param stopSequences the stop sequences
 * @param anthropicVersion Anthropic's {@code anthropic_version}, or null when the form has none
 * @param responseFormat the structured output's schema
 */
public record ParameterNames(String maxTokens, String temperature, String topP, String topK, String stopSequences,
                             String anthropicVersion, String responseFormat) {
    /** Converse, ConverseStream (and CountTokens' {@code converse}). */
    public static final ParameterNames CONVERSE = new ParameterNames("inferenceConfig.maxTokens",
            "inferenceConfig.temperature", "inferenceConfig.topP", "additionalModelRequestFields.top_k",
            "inferenceConfig.stopSequences", null, "outputConfig.textFormat");

    /** Checks the members that every form has. */
    public ParameterNames {
        requireNonNull(maxTokens, "maxTokens");
        requireNonNull(temperature, "temperature");
        requireNonNull(topP, "topP");
        requireNonNull(topK, "topK");
        requireNonNull(stopSequences, "stopSequences");
        requireNonNull(responseFormat, "responseFormat");
    }
}
