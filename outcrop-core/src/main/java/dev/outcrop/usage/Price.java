package dev.outcrop.usage;

/**
 * What a model costs in one region, in millionths of a US dollar per 1,000 tokens.
 *
 * @param inputPer1k prompt tokens
 * @param outputPer1k generated tokens
 * @param cacheReadPer1k prompt tokens read from a cache
 * @param cacheWritePer1k prompt tokens written to a cache
 */
public record Price(long inputPer1k, long outputPer1k, long cacheReadPer1k, long cacheWritePer1k) {
    /** Free: for models without a price. */
    public static final Price FREE = new Price(0, 0, 0, 0);

    /** The cost in micro-dollars of these tokens, rounded up to the micro-dollar. */
    public long cost(long input, long output, long cacheRead, long cacheWrite) {
        // Exact arithmetic: a cost that overflowed would wrap negative and reserve nothing.
        long milli = Math.addExact(Math.addExact(Math.multiplyExact(input, inputPer1k), Math.multiplyExact(output, outputPer1k)),
                Math.addExact(Math.multiplyExact(cacheRead, cacheReadPer1k), Math.multiplyExact(cacheWrite, cacheWritePer1k)));
        return Math.addExact(milli, 999) / 1000;
    }
}
