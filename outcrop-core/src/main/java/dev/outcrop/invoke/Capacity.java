package dev.outcrop.invoke;

/**
 * What one deployment can take.
 *
 * @param maxConcurrency the most calls in flight at once; 0 for no limit
 * @param tokensPerMinute the most tokens (input and output) a minute; 0 for no limit
 */
public record Capacity(int maxConcurrency, long tokensPerMinute) {
    /** No limit. */
    public static final Capacity UNLIMITED = new Capacity(0, 0);

    /** Checks the values. */
    public Capacity {
        if (maxConcurrency < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + maxConcurrency + ", " + tokensPerMinute);
        }
    }
}
