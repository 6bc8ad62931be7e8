package dev.outcrop.providers;

import dev.outcrop.invoke.Usage;
import java.io.IOException;

/**
 * Token counts as a backend reports them, bounded before the ledger sees them: a negative count would credit a
 * budget, and one past any context window would overflow the sums of a call's attempts. A count out of bounds is a
 * broken answer ({@link IOException}), as a chunk that does not parse is.
 */
public final class UpstreamCounts {
    /** The most tokens one count of one call may report: far above any model's window, far below an overflow. */
    public static final int MAX_TOKENS = 100_000_000;

    private UpstreamCounts() {}

    /** A reported count of {@code what}, in [0, {@link #MAX_TOKENS}]. */
    public static int tokens(long reported, String what) throws IOException {
        if (reported < 0 || reported > MAX_TOKENS) {
            throw new IOException("the backend reported " + reported + " " + what + " (expected 0 to " + MAX_TOKENS + ")");
        }
        return (int) reported;
    }

    /** A reported usage, every count bounded by {@link #tokens}. */
    public static Usage usage(long input, long output, long cacheRead, long cacheWrite) throws IOException {
        return new Usage(tokens(input, "input tokens"), tokens(output, "output tokens"),
                tokens(cacheRead, "cache-read input tokens"), tokens(cacheWrite, "cache-write input tokens"));
    }
}
