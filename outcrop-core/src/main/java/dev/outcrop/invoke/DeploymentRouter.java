package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the deployment that serves a call, among the target's destinations only: the source region
 * while it is available and has headroom, else the better of two random other destinations with headroom
 * (power of two choices over in-flight work times recent time to first token). A deployment that keeps
 * failing is ejected and probed back; one that answers 429 gets no traffic for a growing backoff.
 *
 * <p>When no destination can take the call, the caller gets at once the error a client retries on:
 * {@code ThrottlingException} when they are busy or throttling, {@code ServiceUnavailableException} when
 * they are all out of rotation.
 */
public final class DeploymentRouter {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRouter.class);

    private final Deployments deployments;
    private final Function<Deployments.Bound, Capacity> capacities;
    private final RoutingPolicy policy;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final Map<String, DeploymentState> states = new ConcurrentHashMap<>();

    /** Creates a router over the deployments, with a capacity for each. */
    public DeploymentRouter(Deployments deployments, Function<Deployments.Bound, Capacity> capacities,
                            RoutingPolicy policy, LongSupplier nanoClock, RandomGenerator random) {
        this.deployments = requireNonNull(deployments, "deployments");
        this.capacities = requireNonNull(capacities, "capacities");
        this.policy = requireNonNull(policy, "policy");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        this.random = requireNonNull(random, "random");
    }

    /** The routing policy. */
    public RoutingPolicy policy() {
        return policy;
    }

    /** The current time of the router's clock, in nanoseconds. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /** A slot taken on a deployment for one attempt of a call; {@link #release} it exactly once. */
    public final class Lease {
        private final Deployments.Bound bound;
        private final DeploymentState state;
        private final long estimatedTokens;
        private final long startedAt;

        Lease(Deployments.Bound bound, DeploymentState state, long estimatedTokens, long startedAt) {
            this.bound = bound;
            this.state = state;
            this.estimatedTokens = estimatedTokens;
            this.startedAt = startedAt;
        }

        /** The deployment and its provider. */
        public Deployments.Bound bound() {
            return bound;
        }

        /** The region of the deployment. */
        public String region() {
            return bound.deployment().region();
        }

        /** When the attempt started, on the router's clock. */
        public long startedAt() {
            return startedAt;
        }

        /** The deployment produced its first event. */
        public void firstEvent() {
            state.stopWaiting(startedAt);
            state.recordSuccess(now() - startedAt);
        }

        /**
         * The deployment failed with {@code error}, a failure of its own (the caller decides which are): it counts
         * against its breaker or throttle, and is kept for the admin API.
         */
        public void failed(BedrockException error) {
            state.stopWaiting(startedAt);
            String detail = error.errorType() + ": " + (error.internalDetail() != null ? error.internalDetail()
                    : error.getMessage());
            // What the backend said stays here, in the log and the admin API: the caller gets Bedrock's message.
            LOG.warn("deployment {} failed: {}", bound.deployment().key(), detail);
            state.recordError(detail);
            if (error instanceof ThrottlingException) {
                state.recordThrottle(now());
            } else if (error.deploymentOutOfService()) {
                state.eject(now());
            } else {
                state.recordFailure(now());
            }
        }

        /** Frees the slot, with the tokens the attempt really used. */
        public void release(long actualTokens) {
            state.stopWaiting(startedAt);
            state.release(estimatedTokens, actualTokens, now());
        }
    }

    /**
     * Takes a slot on the best deployment of {@code target} whose region is not in {@code excludedRegions}
     * and that {@code acceptable} accepts.
     *
     * @param estimatedTokens the call's likely tokens, held against tokens-per-minute limits until release
     * @throws ThrottlingException when every candidate is busy or backing off after a 429
     * @throws ServiceUnavailableException when every candidate is out of rotation, or there is none
     */
    public Lease acquire(Target target, long estimatedTokens, Set<String> excludedRegions,
                         Predicate<Deployments.Bound> acceptable) {
        List<DeploymentState> candidates = new ArrayList<>();
        DeploymentState source = null;
        for (String region : target.destinations()) {
            if (excludedRegions.contains(region)) {
                continue;
            }
            Deployments.Bound bound = deployments.find(target.modelId(), region).orElse(null);
            if (bound == null || !acceptable.test(bound)) {
                continue;
            }
            DeploymentState state = state(bound);
            if (region.equals(target.sourceRegion())) {
                source = state;
            } else {
                candidates.add(state);
            }
        }
        if (source == null && candidates.isEmpty()) {
            throw new ServiceUnavailableException("No deployment of " + target.modelId() + " is available in "
                    + String.join(", ", target.destinations()) + ".");
        }
        EnumSet<DeploymentState.Refusal> refusals = EnumSet.noneOf(DeploymentState.Refusal.class);
        long now = now();
        // First choice: healthy deployments that are answering; then, when all that are left seem to be
        // stalling, one of those anyway (a model slow everywhere is slow, not down).
        for (boolean allowStalled : new boolean[] {false, true}) {
            if (allowStalled && !refusals.contains(DeploymentState.Refusal.STALLED)) {
                break;
            }
            refusals.remove(DeploymentState.Refusal.STALLED);
            if (source != null) {
                DeploymentState.Refusal refusal = source.tryAcquire(estimatedTokens, now, allowStalled);
                if (refusal == null) {
                    return lease(source, estimatedTokens, now);
                }
                refusals.add(refusal);
            }
            List<DeploymentState> remaining = new ArrayList<>(candidates);
            while (!remaining.isEmpty()) {
                DeploymentState chosen = powerOfTwo(remaining, estimatedTokens, now);
                DeploymentState.Refusal refusal = chosen.tryAcquire(estimatedTokens, now, allowStalled);
                if (refusal == null) {
                    return lease(chosen, estimatedTokens, now);
                }
                refusals.add(refusal);
                remaining.remove(chosen);
            }
        }
        if (refusals.contains(DeploymentState.Refusal.FULL) || refusals.contains(DeploymentState.Refusal.THROTTLED)) {
            throw new ThrottlingException("Too many requests, please wait before trying again.");
        }
        throw new ServiceUnavailableException("No deployment of " + target.modelId() + " in "
                + String.join(", ", target.destinations()) + " is available now: they are out of rotation after "
                + "repeated failures. Retry shortly.");
    }

    private Lease lease(DeploymentState state, long estimatedTokens, long startedAt) {
        return new Lease(new Deployments.Bound(state.deployment(), boundProvider(state)), state, estimatedTokens,
                startedAt);
    }

    private dev.outcrop.invoke.ModelProvider boundProvider(DeploymentState state) {
        return deployments.find(state.deployment().modelId(), state.deployment().region()).orElseThrow().provider();
    }

    /** Two random candidates that can take the call now, the better of them; any candidate if none can. */
    private DeploymentState powerOfTwo(List<DeploymentState> candidates, long tokens, long now) {
        List<DeploymentState> ready = new ArrayList<>();
        for (DeploymentState c : candidates) {
            if (c.available(now) && c.hasHeadroom(tokens, now) && !c.stalled(now)) {
                ready.add(c);
            }
        }
        if (ready.isEmpty()) {
            return candidates.getFirst();
        }
        if (ready.size() == 1) {
            return ready.getFirst();
        }
        int i = random.nextInt(ready.size());
        int j = random.nextInt(ready.size() - 1);
        if (j >= i) {
            j++;
        }
        DeploymentState a = ready.get(i);
        DeploymentState b = ready.get(j);
        return a.score() <= b.score() ? a : b;
    }

    private DeploymentState state(Deployments.Bound bound) {
        return states.computeIfAbsent(bound.deployment().key(),
                key -> new DeploymentState(bound.deployment(), capacities.apply(bound), policy, now()));
    }

    /** The state of every deployment that has been called, by model and region. */
    public List<DeploymentStatus> statuses() {
        long now = now();
        return states.values().stream().map(s -> s.status(now))
                .sorted(Comparator.comparing(DeploymentStatus::modelId).thenComparing(DeploymentStatus::region))
                .toList();
    }
}
