package dev.outcrop.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.util.Set;

/**
 * What bounds an answer: {@code maxTokens}, or {@link #DEFAULT_MAX_TOKENS} when a call sets none, is what a
 * budget reserves and quotas take for the output, so it is also what a backend is told it may generate; and
 * no {@code additionalModelRequestFields} member may ask the model for longer or more answers behind it.
 */
public final class OutputBound {
    /** The output tokens a call that sets no {@code maxTokens} reserves, and the bound its backend is given. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /**
     * Members of {@code additionalModelRequestFields} that set how many tokens a model generates or how many
     * answers it gives, by their names in the OpenAI-compatible API (and vLLM's extensions) and in Bedrock's
     * native bodies (Anthropic, Meta, Amazon Titan and Nova, Cohere, AI21, Mistral).
     */
    public static final Set<String> LENGTH_FIELDS = Set.of(
            "max_tokens", "max_completion_tokens", "n", "best_of", "min_tokens", "ignore_eos", "use_beam_search",
            "echo", "max_tokens_to_sample", "max_gen_len", "max_new_tokens", "maxTokenCount", "maxTokens",
            "num_generations", "numResults");
    // Nova's native body nests its parameters (max_new_tokens) in an object of this name.
    private static final String NESTED = "inferenceConfig";

    private OutputBound() {}

    /** {@code maxTokens}, or {@link #DEFAULT_MAX_TOKENS} when unset: the output the call may generate. */
    public static int of(InferenceParameters parameters) {
        return parameters.maxTokens() != null ? parameters.maxTokens() : DEFAULT_MAX_TOKENS;
    }

    /**
     * Refuses a member of {@code additional} (a request's {@code additionalModelRequestFields}, or null) that
     * would make the answer longer or more numerous than {@code maxTokens} bounds it.
     *
     * @throws ValidationException naming the member
     */
    public static void checkAdditionalFields(JsonNode additional) {
        if (additional == null || !additional.isObject()) {
            return;
        }
        for (var field : additional.properties()) {
            if (LENGTH_FIELDS.contains(field.getKey())) {
                throw refused(field.getKey());
            }
        }
        JsonNode nested = additional.get(NESTED);
        if (nested != null && nested.isObject()) {
            for (var field : nested.properties()) {
                if (LENGTH_FIELDS.contains(field.getKey())) {
                    throw refused(NESTED + "." + field.getKey());
                }
            }
        }
    }

    private static ValidationException refused(String member) {
        return new ValidationException("1 validation error detected: Value at 'additionalModelRequestFields." + member
                + "' failed to satisfy constraint: The field changes how long or how many the model's answers are; "
                + "Outcrop bounds the answer (and reserves its cost) by inferenceConfig.maxTokens: set that instead.");
    }
}
