package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster quotas that survive the loss of the shared database, as {@link FailoverBudgetCounter} does for
 * budgets. While the database answers, quotas are counted there, and this node keeps the cluster's current
 * minute of each quota as it last saw it ({@link #refresh}, at every heartbeat). While it does not, this node
 * carries that minute on (it slides out second by second) and admits only its share of what it left: with
 * {@code L} the limit, {@code U} what the cluster had counted in the minute and {@code n} the nodes alive
 * when the database was last seen, at most {@code (L - U) / n} (rounded down), so that the cluster as a
 * whole stays within the quota. What it admits meanwhile is counted in the database's minute as soon as the
 * database answers again, before the node trusts it again, so that no node admits it a second time. For a
 * {@code grace} after that, while the other nodes may not yet have counted what they admitted, the node
 * still admits only its share, and counts each call in the database at once.
 */
public final class FailoverQuotaCounter implements QuotaCounter {
    private static final Logger log = LoggerFactory.getLogger(FailoverQuotaCounter.class);
    private final QuotaCounter shared;
    private final StoreHealth health;
    private final List<Quota> quotas;
    private final LongSupplier millis;
    private final Duration grace;
    /** Counts admitted by the local share that the database has not counted yet, by quota and second. */
    private final Map<Second, long[]> waiting = new ConcurrentHashMap<>();
    private final Supplier<Share> share;
    private volatile LastSeen lastSeen = new LastSeen(0, List.of());

    /**
     * The cluster's minute as last seen, its seconds on this node's clock; {@code offsetMillis} is the database's
     * clock less this node's.
     */
    private record LastSeen(long offsetMillis, List<Count> counts) {
        /**
         * A database second on this node's clock, rounded so that what it counted leaves the node's minute no
         * sooner than it leaves the database's.
         */
        long toNode(long databaseSecond) {
            return databaseSecond - Math.floorDiv(offsetMillis, 1000);
        }

        /** A node second on the database's clock, rounded so that it leaves the database's minute no sooner. */
        long toDatabase(long nodeSecond) {
            return nodeSecond - Math.floorDiv(-offsetMillis, 1000);
        }
    }

    private record Second(String quota, long second) {}

    /**
     * Counts {@code quotas} in {@code shared} while {@code health} says the database answers, and by this node's
     * share during an outage and for {@code grace} after it (the time every node takes to find out that the
     * database answers again); {@code millis} is this node's clock.
     */
    public FailoverQuotaCounter(QuotaCounter shared, StoreHealth health, List<Quota> quotas, Duration grace,
                                LongSupplier millis) {
        this.shared = requireNonNull(shared, "shared");
        this.health = requireNonNull(health, "health");
        this.quotas = List.copyOf(quotas);
        this.grace = requireNonNull(grace, "grace");
        this.millis = requireNonNull(millis, "millis");
        this.share = health.perOutage(nodes -> new Share(nodes, lastSeen));
        health.onRecovery(this::deliverWaiting);
    }

    /** A node's share while the database is away: the cluster's minute as last seen, and what it admits itself. */
    private final class Share {
        final LocalQuotaCounter cluster = new LocalQuotaCounter(millis);
        final LocalQuotaCounter own;

        Share(int nodes, LastSeen seen) {
            cluster.add(seen.counts());
            own = new LocalQuotaCounter(millis, (quota, measure, configured) ->
                    (configured - cluster.used(quota.name(), measure)) / nodes);
        }
    }

    /**
     * Called while the database answers (each heartbeat): counts what waits to be counted, and notes the
     * cluster's current minute of every quota.
     */
    public void refresh() {
        if (quotas.isEmpty() || !health.reachable()) {
            return;
        }
        try {
            if (!waiting.isEmpty()) {
                deliverWaiting();
            }
            long before = millis.getAsLong();
            Window window = shared.window(quotas);
            LastSeen seen = new LastSeen(window.millis() - (before + millis.getAsLong()) / 2, List.of());
            lastSeen = new LastSeen(seen.offsetMillis(), window.counts().stream()
                    .map(c -> new Count(c.quota(), seen.toNode(c.second()), c.requests(), c.tokens())).toList());
        } catch (StoreException e) {
            if (e.unreachable()) {
                health.failed(e);
            } else {
                log.warn("could not refresh the cluster's quotas: {}", e.toString());
            }
        }
    }

    @Override
    public Result take(List<Quota> of, long tokens) {
        if (health.answeringAgainWithin(grace)) {
            Result result = byShare(of, tokens);
            if (result instanceof Taken) {
                deliverNow();
            }
            return result;
        }
        return health.orWhileAway(() -> shared.take(of, tokens), () -> byShare(of, tokens));
    }

    /** Admits by this node's share, and keeps what it admits for the database. */
    private Result byShare(List<Quota> of, long tokens) {
        Result result = share.get().own.take(of, tokens);
        if (!(result instanceof Taken local)) {
            return result;
        }
        wait(of, local.second(), 1, tokens);
        return new Taken((taken, delta) -> {
            local.corrector().correct(local, delta);
            wait(of, local.second(), 0, delta);
        }, of, local.second(), tokens);
    }

    /** Counts in the database what waits for it, if it answers; else it waits for the next heartbeat. */
    private void deliverNow() {
        try {
            deliverWaiting();
        } catch (StoreException e) {
            if (e.unreachable()) {
                health.failed(e);
            } else {
                log.warn("could not count a quota's calls in the shared database; retried at the next heartbeat: {}",
                        e.toString());
            }
        }
    }

    private void wait(List<Quota> of, long second, long requests, long tokens) {
        for (Quota quota : of) {
            waiting.merge(new Second(quota.name(), second), new long[] {requests, tokens},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        long oldest = millis.getAsLong() / 1000 - LocalQuotaCounter.WINDOW_SECONDS;
        if (waiting.size() > quotas.size() * 2L * LocalQuotaCounter.WINDOW_SECONDS) {
            waiting.keySet().removeIf(key -> key.second() <= oldest); // no longer in any minute that matters
        }
    }

    /** Counts what the local share admitted in the database's minute; what fails to be counted waits on. */
    private void deliverWaiting() {
        LastSeen seen = lastSeen;
        List<Second> delivered = new ArrayList<>();
        List<Count> counts = new ArrayList<>();
        for (Second key : List.copyOf(waiting.keySet())) {
            long[] sums = waiting.remove(key);
            if (sums != null) {
                delivered.add(key);
                counts.add(new Count(key.quota(), seen.toDatabase(key.second()), sums[0], sums[1]));
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        try {
            shared.add(counts);
        } catch (RuntimeException e) {
            for (int i = 0; i < counts.size(); i++) {
                waiting.merge(delivered.get(i), new long[] {counts.get(i).requests(), counts.get(i).tokens()},
                        (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
            }
            throw e;
        }
        log.debug("counted {} quota seconds admitted by this node's share in the shared database", counts.size());
    }

    @Override
    public Window window(List<Quota> of) {
        return health.orWhileAway(() -> shared.window(of), () -> share.get().own.window(of));
    }

    /** Adds to the shared database's minute (seconds on its clock). */
    @Override
    public void add(List<Count> counts) {
        shared.add(counts);
    }

    /** Quota seconds admitted while the database was away and not yet counted there. */
    public int waiting() {
        return waiting.size();
    }
}
