package dev.outcrop.invoke;

/**
 * Tokens of one call.
 *
 * @param inputTokens prompt tokens not read from or written to a cache
 * @param outputTokens generated tokens
 * @param cacheReadInputTokens prompt tokens read from a cache
 * @param cacheWriteInputTokens prompt tokens written to a cache
 */
public record Usage(int inputTokens, int outputTokens, int cacheReadInputTokens, int cacheWriteInputTokens) {
    /** Nothing used. */
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** Refuses a negative count: it would credit a budget. */
    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadInputTokens < 0 || cacheWriteInputTokens < 0) {
            throw new IllegalArgumentException("a negative token count: " + inputTokens + ", " + outputTokens + ", "
                    + cacheReadInputTokens + ", " + cacheWriteInputTokens);
        }
    }

    /**
     * Every token the model processed or generated: input, output, and the prompt tokens read from or written
     * to a cache (Bedrock's {@code totalTokens}; {@code inputTokens} excludes the cache's tokens).
     */
    public int totalTokens() {
        return inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens;
    }

    /** The sum of two usages (a call continued on a second deployment counts both). */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadInputTokens + other.cacheReadInputTokens, cacheWriteInputTokens + other.cacheWriteInputTokens);
    }
}
