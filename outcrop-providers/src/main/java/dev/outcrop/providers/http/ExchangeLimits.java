package dev.outcrop.providers.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long an exchange with a backend may take, both counted from when its request is sent.
 *
 * @param firstProgress the longest until the response's head has arrived and its reader has marked the first
 *        useful part of the body ({@link UpstreamResponse#progressed()}): for a model, its first token
 * @param whole the longest until the body has ended
 */
public record ExchangeLimits(Duration firstProgress, Duration whole) {
    /** Checks that both are positive. */
    public ExchangeLimits {
        requireNonNull(firstProgress, "firstProgress");
        requireNonNull(whole, "whole");
        if (firstProgress.isNegative() || firstProgress.isZero() || whole.isNegative() || whole.isZero()) {
            throw new IllegalArgumentException("limits must be positive: " + firstProgress + ", " + whole);
        }
    }
}
