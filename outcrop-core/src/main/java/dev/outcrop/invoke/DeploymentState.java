package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state of one deployment: calls in flight, the tokens of the last minute, recent time to first
 * token (EWMA), its circuit breaker and its throttle backoff. Thread-safe; times are {@link System#nanoTime}.
 *
 * <p>Breaker: {@code failureThreshold} consecutive failures eject the deployment for {@code ejectionTime};
 * then one probe call is let through: success closes the breaker, failure ejects it again.
 */
final class DeploymentState {
    private final Deployment deployment;
    private final Capacity capacity;
    private final RoutingPolicy policy;
    private final AtomicInteger inFlight = new AtomicInteger();

    // Guarded by this: the breaker, the throttle, the latency estimate and the token window change together.
    private int consecutiveFailures;
    private String lastError;
    private long ejectedUntil;
    private boolean probing;
    private long throttledUntil;
    private long throttleBackoffNanos;
    private double ewmaFirstTokenNanos;
    private double tokensInWindow;
    private long windowUpdatedAt;
    private long calls;
    private long failures;
    /** Start times of the calls still waiting for their first token, with their counts. */
    private final java.util.TreeMap<Long, Integer> awaitingFirstToken = new java.util.TreeMap<>();

    DeploymentState(Deployment deployment, Capacity capacity, RoutingPolicy policy, long now) {
        this.deployment = requireNonNull(deployment, "deployment");
        this.capacity = requireNonNull(capacity, "capacity");
        this.policy = requireNonNull(policy, "policy");
        this.windowUpdatedAt = now;
    }

    /** The deployment. */
    public Deployment deployment() {
        return deployment;
    }

    /** Why a deployment cannot take a call now. */
    public enum Refusal {
        /** Ejected by its breaker (or its probe is already out). */
        EJECTED,
        /** Backing off after a 429. */
        THROTTLED,
        /** At its concurrency or tokens-per-minute limit. */
        FULL,
        /** Its oldest call has waited for a first token far longer than it usually takes: it may be hanging. */
        STALLED
    }

    /** Whether the breaker and throttle let a call through now (capacity aside). */
    synchronized boolean available(long now) {
        return refusalIgnoringCapacity(now) == null;
    }

    private Refusal refusalIgnoringCapacity(long now) {
        if (now < throttledUntil) {
            return Refusal.THROTTLED;
        }
        if (ejectedUntil != 0 && (now < ejectedUntil || probing)) {
            return Refusal.EJECTED;
        }
        return null;
    }

    /** Whether the deployment has room for a call of about {@code tokens} tokens now. */
    synchronized boolean hasHeadroom(long tokens, long now) {
        if (capacity.maxConcurrency() > 0 && inFlight.get() >= capacity.maxConcurrency()) {
            return false;
        }
        return capacity.tokensPerMinute() <= 0 || windowTokens(now) + tokens <= capacity.tokensPerMinute();
    }

    /**
     * Whether the oldest call waiting for its first token has waited longer than {@code stallFactor} times
     * the usual time to first token (and at least the policy's floor): new calls should go elsewhere until it
     * answers or times out.
     */
    synchronized boolean stalled(long now) {
        if (awaitingFirstToken.isEmpty()) {
            return false;
        }
        long threshold = Math.max(policy.stallFloor().toNanos(), (long) (policy.stallFactor() * ewmaFirstTokenNanos));
        return now - awaitingFirstToken.firstKey() > threshold;
    }

    /**
     * Takes a slot for a call of about {@code tokens} tokens, or says why not. A deployment whose ejection
     * has run out takes exactly one probe call. A stalled deployment is refused unless {@code allowStalled}.
     */
    synchronized Refusal tryAcquire(long tokens, long now, boolean allowStalled) {
        Refusal refusal = refusalIgnoringCapacity(now);
        if (refusal != null) {
            return refusal;
        }
        if (!hasHeadroom(tokens, now)) {
            return Refusal.FULL;
        }
        if (!allowStalled && stalled(now)) {
            return Refusal.STALLED;
        }
        awaitingFirstToken.merge(now, 1, Integer::sum);
        if (ejectedUntil != 0) {
            probing = true;
        }
        inFlight.incrementAndGet();
        tokensInWindow = windowTokens(now) + tokens;
        windowUpdatedAt = now;
        calls++;
        return null;
    }

    /** The call that started at {@code startedAt} stopped waiting for its first token (answered or failed). */
    synchronized void stopWaiting(long startedAt) {
        awaitingFirstToken.computeIfPresent(startedAt, (start, count) -> count == 1 ? null : count - 1);
    }

    /** Ends a call; {@code actualTokens} replaces the estimate taken at {@link #tryAcquire}. */
    synchronized void release(long estimatedTokens, long actualTokens, long now) {
        inFlight.decrementAndGet();
        tokensInWindow = Math.max(0, windowTokens(now) - estimatedTokens + actualTokens);
        windowUpdatedAt = now;
    }

    /** The call started answering after {@code firstTokenNanos}. */
    synchronized void recordSuccess(long firstTokenNanos) {
        consecutiveFailures = 0;
        ejectedUntil = 0;
        probing = false;
        throttleBackoffNanos = 0;
        ewmaFirstTokenNanos = ewmaFirstTokenNanos == 0 ? firstTokenNanos
                : policy.latencyWeight() * firstTokenNanos + (1 - policy.latencyWeight()) * ewmaFirstTokenNanos;
    }

    /** What the deployment's last failure was, for the admin API. */
    synchronized void recordError(String error) {
        lastError = error;
    }

    /** The deployment failed (unavailable, timed out, 5xx, broke off a stream). */
    synchronized void recordFailure(long now) {
        failures++;
        consecutiveFailures++;
        if (probing || consecutiveFailures >= policy.failureThreshold()) {
            ejectedUntil = now + policy.ejectionTime().toNanos();
            probing = false;
        }
    }

    /**
     * The deployment cannot serve until its operator acts (its credentials or its model access): out of rotation
     * now, probed back after the ejection time like a breaker's ejection.
     */
    synchronized void eject(long now) {
        failures++;
        consecutiveFailures++;
        ejectedUntil = now + policy.ejectionTime().toNanos();
        probing = false;
    }

    /** The deployment answered 429: no traffic for a backoff that doubles while it keeps throttling. */
    synchronized void recordThrottle(long now) {
        failures++;
        throttleBackoffNanos = throttleBackoffNanos == 0 ? policy.throttleBackoff().toNanos()
                : Math.min(throttleBackoffNanos * 2, policy.maxThrottleBackoff().toNanos());
        throttledUntil = now + throttleBackoffNanos;
        if (probing) {
            probing = false;
            ejectedUntil = now + policy.ejectionTime().toNanos();
        }
    }

    /** Lower is better: work in flight weighted by recent time to first token. */
    synchronized double score() {
        double latencyMs = ewmaFirstTokenNanos / 1_000_000.0;
        return (inFlight.get() + 1) * (latencyMs + 1);
    }

    /** Tokens of the sliding minute, decayed linearly since the last update. */
    private double windowTokens(long now) {
        double elapsedMinutes = Math.max(0, now - windowUpdatedAt) / 60_000_000_000.0;
        return Math.max(0, tokensInWindow - tokensInWindow * Math.min(1, elapsedMinutes));
    }

    /** A snapshot for the admin API. */
    public synchronized DeploymentStatus status(long now) {
        String state = now < throttledUntil ? "throttled"
                : ejectedUntil != 0 && now < ejectedUntil ? "ejected"
                : ejectedUntil != 0 ? "probing"
                : stalled(now) ? "stalled" : "healthy";
        return new DeploymentStatus(deployment.modelId(), deployment.region(), deployment.provider(), state,
                inFlight.get(), capacity.maxConcurrency(), capacity.tokensPerMinute(), Math.round(windowTokens(now)),
                Math.round(ewmaFirstTokenNanos / 1_000_000.0), consecutiveFailures, calls, failures,
                Math.max(0, (throttledUntil - now) / 1_000_000), Math.max(0, (ejectedUntil - now) / 1_000_000), lastError);
    }
}
