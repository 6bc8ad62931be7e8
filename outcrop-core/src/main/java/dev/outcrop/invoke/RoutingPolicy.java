package dev.outcrop.invoke;

import java.time.Duration;

/**
 * The knobs of routing and failover.
 *
 * @param maxAttempts deployments one call may try before it gives up (the retry budget)
 * @param deadline the longest a call may spend finding a deployment that starts answering
 * @param failureThreshold consecutive failures that take a deployment out of rotation
 * @param ejectionTime how long an ejected deployment stays out before one probe call is let through
 * @param throttleBackoff how long a deployment that answered 429 gets no traffic; doubles while it keeps
 *        throttling, up to {@code maxThrottleBackoff}
 * @param maxThrottleBackoff the longest throttle backoff
 * @param latencyWeight the EWMA weight of the newest time-to-first-token sample (0..1)
 * @param stallFactor a deployment whose oldest call has waited this many times its usual time to first
 *        token gets no new calls until that call answers or fails
 * @param stallFloor the shortest wait that counts as a stall, whatever the usual time to first token
 */
public record RoutingPolicy(int maxAttempts, Duration deadline, int failureThreshold, Duration ejectionTime,
                            Duration throttleBackoff, Duration maxThrottleBackoff, double latencyWeight,
                            double stallFactor, Duration stallFloor) {
    /** The defaults. */
    public static final RoutingPolicy DEFAULTS = new RoutingPolicy(3, Duration.ofSeconds(60), 5, Duration.ofSeconds(10),
            Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, 4.0, Duration.ofMillis(100));

    /** Checks the values. */
    public RoutingPolicy {
        if (maxAttempts < 1 || failureThreshold < 1 || latencyWeight <= 0 || latencyWeight > 1 || stallFactor < 1) {
            throw new IllegalArgumentException("routing policy out of range: " + maxAttempts + ", " + failureThreshold
                    + ", " + latencyWeight);
        }
    }
}
