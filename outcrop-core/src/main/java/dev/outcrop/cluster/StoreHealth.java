package dev.outcrop.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can reach the shared database, as it last saw it, and how many nodes were alive then.
 * Whoever meets a database failure reports it ({@link #failed}); the heartbeat, which probes the database
 * every beat, reports that it answers ({@link #answered}). When the database answers again after a failure,
 * the recovery actions run (they deliver what waited for it) before the node trusts it again; an action
 * that fails keeps the node degraded until the next beat.
 */
public final class StoreHealth {
    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);
    private final Clock clock;
    private final List<Runnable> recoveries = new CopyOnWriteArrayList<>();
    private volatile boolean reachable = true;
    private volatile int liveNodes = 1;
    private volatile Instant unreachableSince;
    private volatile Instant answeringAgainSince;
    private volatile String lastError;
    private volatile long outages;

    /** Starts reachable, as a node that has just migrated its database. */
    public StoreHealth(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    /** What the node sees now. */
    public record Snapshot(boolean reachable, int liveNodes, Instant unreachableSince, String lastError) {}

    /** Whether the shared database answered at last sight. */
    public boolean reachable() {
        return reachable;
    }

    /**
     * Whether the database answers again after an outage since less than {@code grace}: the other nodes may not
     * all have counted yet what they did while it was away.
     */
    public boolean answeringAgainWithin(java.time.Duration grace) {
        Instant since = answeringAgainSince;
        return reachable && since != null && clock.instant().isBefore(since.plus(grace));
    }

    /** The nodes alive at the last successful heartbeat (at least this one). */
    public int liveNodes() {
        return liveNodes;
    }

    /** What the node sees now. */
    public Snapshot snapshot() {
        return new Snapshot(reachable, liveNodes, unreachableSince, lastError);
    }

    /** Runs {@code action} each time the database answers after a failure, before it is trusted again. */
    public void onRecovery(Runnable action) {
        recoveries.add(requireNonNull(action, "action"));
    }

    /**
     * {@code shared} while the database answers; {@code whileAway} when it is known to be away, or when
     * {@code shared} finds it so (a lost connection). Any other failure of {@code shared} is the caller's.
     */
    public <T> T orWhileAway(Supplier<T> shared, Supplier<T> whileAway) {
        if (reachable) {
            try {
                return shared.get();
            } catch (StoreException e) {
                if (!e.unreachable()) {
                    throw e;
                }
                failed(e);
            }
        }
        return whileAway.get();
    }

    /**
     * Something made once per outage, at its first use, from the number of nodes alive when the database
     * was last seen (a node's share of a limit), and forgotten when the database answers again.
     */
    public <T> Supplier<T> perOutage(IntFunction<T> make) {
        record Made<T>(T value, long outage) {}
        AtomicReference<Made<T>> current = new AtomicReference<>();
        return () -> current.updateAndGet(made -> made != null && made.outage() == outages
                ? made : new Made<>(make.apply(liveNodes), outages)).value();
    }

    /** The database failed to answer. */
    public void failed(Throwable cause) {
        lastError = cause.getCause() != null ? cause.getCause().toString() : cause.toString();
        if (reachable) {
            synchronized (this) {
                if (reachable) {
                    unreachableSince = clock.instant();
                    outages++;
                    reachable = false;
                    log.warn("the shared database cannot be reached ({}); serving from what this node knows, "
                            + "quotas and budgets by this node's share of {} nodes, usage records spooled locally",
                            lastError, liveNodes);
                }
            }
        }
    }

    /** The database answered the heartbeat, which saw {@code liveNodes} nodes alive. */
    public void answered(int liveNodes) {
        if (reachable) {
            this.liveNodes = Math.max(1, liveNodes);
            return;
        }
        synchronized (this) {
            if (reachable) {
                return;
            }
            try {
                recoveries.forEach(Runnable::run);
            } catch (RuntimeException e) {
                failed(e);
                log.warn("the shared database answers again, but delivering what waited for it failed: {}", e.toString());
                return;
            }
            this.liveNodes = Math.max(1, liveNodes);
            log.info("the shared database answers again after {}", java.time.Duration.between(unreachableSince,
                    clock.instant()));
            unreachableSince = null;
            lastError = null;
            answeringAgainSince = clock.instant();
            reachable = true;
        }
    }
}
