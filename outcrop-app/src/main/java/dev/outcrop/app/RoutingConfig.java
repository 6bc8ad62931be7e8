package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.invoke.RoutingPolicy;
import java.time.Duration;
import java.util.List;

/**
 * Routing and failover ({@code routing}; docs/routing.md).
 *
 * @param maxAttempts deployments one call may try
 * @param deadline the longest a call may spend finding a deployment that starts answering
 * @param failureThreshold consecutive failures that eject a deployment
 * @param ejection how long an ejected deployment stays out before a probe
 * @param throttleBackoff how long a deployment that answered 429 gets no traffic; doubles while it keeps throttling
 * @param maxThrottleBackoff the longest throttle backoff
 */
public record RoutingConfig(int maxAttempts, Duration deadline, int failureThreshold, Duration ejection,
                            Duration throttleBackoff, Duration maxThrottleBackoff) {
    static final ConfigOption<Integer> MAX_ATTEMPTS = ConfigOption.integer("maxAttempts", 3,
            "deployments one call may try (1..10)");
    static final ConfigOption<Duration> DEADLINE = ConfigOption.millis("deadlineMs", Duration.ofSeconds(60),
            "the longest a call may spend finding a deployment that starts answering");
    static final ConfigOption<Integer> FAILURE_THRESHOLD = ConfigOption.integer("failureThreshold", 5,
            "consecutive failures that eject a deployment");
    static final ConfigOption<Duration> EJECTION = ConfigOption.millis("ejectionMs", Duration.ofSeconds(10),
            "how long an ejected deployment stays out before a probe");
    static final ConfigOption<Duration> THROTTLE_BACKOFF = ConfigOption.millis("throttleBackoffMs",
            Duration.ofSeconds(1), "how long a deployment that answered 429 gets no traffic; doubles while it keeps "
                    + "throttling");
    static final ConfigOption<Duration> MAX_THROTTLE_BACKOFF = ConfigOption.millis("maxThrottleBackoffMs",
            Duration.ofSeconds(30), "the longest throttle backoff (at least throttleBackoffMs)");
    static final ConfigSection SECTION = new ConfigSection("routing", RoutingConfig.class, List.of(MAX_ATTEMPTS,
            DEADLINE, FAILURE_THRESHOLD, EJECTION, THROTTLE_BACKOFF, MAX_THROTTLE_BACKOFF));
    static final RoutingConfig DEFAULT = new RoutingConfig(null, null, null, null, null, null);

    /** Fills absent members with their defaults. */
    @JsonCreator
    public RoutingConfig(@JsonProperty("maxAttempts") Integer maxAttempts, @JsonProperty("deadlineMs") Integer deadlineMs,
                         @JsonProperty("failureThreshold") Integer failureThreshold,
                         @JsonProperty("ejectionMs") Integer ejectionMs,
                         @JsonProperty("throttleBackoffMs") Integer throttleBackoffMs,
                         @JsonProperty("maxThrottleBackoffMs") Integer maxThrottleBackoffMs) {
        this(MAX_ATTEMPTS.or(maxAttempts), DEADLINE.orMillis(millis(deadlineMs)), FAILURE_THRESHOLD.or(failureThreshold),
                EJECTION.orMillis(millis(ejectionMs)), THROTTLE_BACKOFF.orMillis(millis(throttleBackoffMs)),
                MAX_THROTTLE_BACKOFF.orMillis(millis(maxThrottleBackoffMs)));
    }

    /**
     * The router's policy: these options, and the router's own defaults for what the file does not set (how much
     * latency weighs, when a stream counts as stalled).
     */
    public RoutingPolicy policy() {
        return new RoutingPolicy(maxAttempts, deadline, failureThreshold, ejection, throttleBackoff, maxThrottleBackoff,
                RoutingPolicy.DEFAULTS.latencyWeight(), RoutingPolicy.DEFAULTS.stallFactor(),
                RoutingPolicy.DEFAULTS.stallFloor());
    }

    private static Long millis(Integer ms) {
        return ms == null ? null : ms.longValue();
    }

    void validate(List<String> errors) {
        if (maxAttempts < 1 || maxAttempts > 10) {
            errors.add("routing.maxAttempts: " + maxAttempts + " (expected: 1..10)");
        }
        if (failureThreshold < 1) {
            errors.add("routing.failureThreshold: " + failureThreshold + " (expected: 1 or more)");
        }
        if (!deadline.isPositive() || !ejection.isPositive() || !throttleBackoff.isPositive()
                || maxThrottleBackoff.compareTo(throttleBackoff) < 0) {
            errors.add("routing: deadlineMs, ejectionMs and throttleBackoffMs must be 1 or more, and "
                    + "maxThrottleBackoffMs at least throttleBackoffMs");
        }
    }
}
