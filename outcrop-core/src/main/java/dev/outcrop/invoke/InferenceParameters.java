package dev.outcrop.invoke;

import java.util.List;

/**
 * Inference parameters; null means "the model's default".
 *
 * @param maxTokens the most tokens to generate
 * @param temperature 0..1
 * @param topP 0..1
 * @param topK the number of candidates at each step (native or {@code additionalModelRequestFields.top_k})
 * @param stopSequences where to stop
 */
public record InferenceParameters(Integer maxTokens, Double temperature, Double topP, Integer topK,
                                  List<String> stopSequences) {
    /** No parameter set. */
    public static final InferenceParameters DEFAULTS = new InferenceParameters(null, null, null, null, List.of());

    /** Copies the list. */
    public InferenceParameters {
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    }

    /** These parameters with another {@code maxTokens}. */
    public InferenceParameters withMaxTokens(Integer newMaxTokens) {
        return new InferenceParameters(newMaxTokens, temperature, topP, topK, stopSequences);
    }

    /** These parameters, with each unset one taken from {@code defaults} (a profile's configuration). */
    public InferenceParameters orElse(InferenceParameters defaults) {
        return new InferenceParameters(
                maxTokens != null ? maxTokens : defaults.maxTokens,
                temperature != null ? temperature : defaults.temperature,
                topP != null ? topP : defaults.topP,
                topK != null ? topK : defaults.topK,
                !stopSequences.isEmpty() ? stopSequences : defaults.stopSequences);
    }
}
