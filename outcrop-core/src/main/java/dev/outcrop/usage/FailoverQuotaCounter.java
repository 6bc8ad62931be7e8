package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.util.StoreException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Cluster quotas that survive the loss of the shared database: counted in the database while it answers;
 * while it does not, this node enforces its share of each quota on its own (the limit divided by the nodes
 * alive when it was last seen, rounded down), so that the cluster as a whole stays within the quota.
 */
public final class FailoverQuotaCounter implements QuotaCounter {
    private final QuotaCounter shared;
    private final StoreHealth health;
    private final LongSupplier millis;
    private volatile LocalQuotaCounter share;

    /** Counts in {@code shared} while {@code health} says the database answers. */
    public FailoverQuotaCounter(QuotaCounter shared, StoreHealth health, LongSupplier millis) {
        this.shared = requireNonNull(shared, "shared");
        this.health = requireNonNull(health, "health");
        this.millis = requireNonNull(millis, "millis");
        health.onRecovery(() -> share = null);
    }

    @Override
    public Result take(List<Quota> quotas, long tokens) {
        if (health.reachable()) {
            try {
                return shared.take(quotas, tokens);
            } catch (StoreException e) {
                degradeOrThrow(e);
            }
        }
        return share().take(quotas, tokens);
    }

    private LocalQuotaCounter share() {
        LocalQuotaCounter current = share;
        if (current == null) {
            synchronized (this) {
                if (share == null) {
                    long nodes = health.liveNodes();
                    share = new LocalQuotaCounter(millis, limit -> limit / nodes);
                }
                current = share;
            }
        }
        return current;
    }

    /** A lost database degrades the node; any other failure is the call's (an internal error). */
    private void degradeOrThrow(StoreException e) {
        if (!e.unreachable()) {
            throw e;
        }
        health.failed(e);
    }
}
