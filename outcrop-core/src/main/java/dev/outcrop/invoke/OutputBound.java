package dev.outcrop.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.util.List;
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
    /**
     * The families whose models cannot generate {@link #DEFAULT_MAX_TOKENS} in one answer, by the prefix of their
     * model ids, with the most they take (Bedrock refuses a larger bound): Meta Llama's {@code max_gen_len} goes to
     * 2,048, Amazon Titan Text Premier's {@code maxTokenCount} to 3,072, Cohere Command R's {@code max_tokens} to
     * 4,000.
     */
    private static final List<LowerLimit> LOWER_LIMITS = List.of(
            new LowerLimit("meta.llama", 2048),
            new LowerLimit("amazon.titan-text-premier", 3072),
            new LowerLimit("cohere.command-r", 4000));

    /** A family's most output tokens in one answer, by the prefix of its model ids. */
    private record LowerLimit(String prefix, int maxTokens) {}

    private OutputBound() {}

    /** {@code maxTokens}, or {@link #DEFAULT_MAX_TOKENS} when unset: the output the call may generate. */
    public static int of(InferenceParameters parameters) {
        return parameters.maxTokens() != null ? parameters.maxTokens() : DEFAULT_MAX_TOKENS;
    }

    /**
     * {@code maxTokens}, or when unset the bound a call of {@code modelId} is given ({@link #defaultFor}): the output
     * the call may generate, what admission reserves, and what a backend that would otherwise pick its own bound
     * (Bedrock, given the caller's body) is told.
     */
    public static int of(String modelId, InferenceParameters parameters) {
        return parameters.maxTokens() != null ? parameters.maxTokens() : defaultFor(modelId);
    }

    /** {@link #DEFAULT_MAX_TOKENS}, or the model family's own lower limit. */
    public static int defaultFor(String modelId) {
        // Indexed, not iterated: this runs twice on every call (admission and the backend's request).
        for (int i = 0; i < LOWER_LIMITS.size(); i++) {
            LowerLimit family = LOWER_LIMITS.get(i);
            if (modelId.startsWith(family.prefix())) {
                return Math.min(family.maxTokens(), DEFAULT_MAX_TOKENS);
            }
        }
        return DEFAULT_MAX_TOKENS;
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
