package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

/**
 * A rate limit on a profile or a principal.
 *
 * @param name the quota's name
 * @param selector which calls it counts
 * @param requestsPerMinute 0 for no request limit
 * @param tokensPerMinute 0 for no token limit
 */
public record Quota(String name, Selector selector, long requestsPerMinute, long tokensPerMinute) {
    /** Checks the members. */
    public Quota {
        requireNonNull(name, "name");
        requireNonNull(selector, "selector");
    }
}
