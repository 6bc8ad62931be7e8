package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreHealth;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Cluster quotas that survive the loss of the shared database: counted in the database while it answers;
 * while it does not, this node enforces its share of each quota on its own (the limit divided by the nodes
 * alive when it was last seen, rounded down), so that the cluster as a whole stays within the quota.
 */
public final class FailoverQuotaCounter implements QuotaCounter {
    private final QuotaCounter shared;
    private final StoreHealth health;
    private final Supplier<LocalQuotaCounter> share;

    /** Counts in {@code shared} while {@code health} says the database answers. */
    public FailoverQuotaCounter(QuotaCounter shared, StoreHealth health, LongSupplier millis) {
        this.shared = requireNonNull(shared, "shared");
        this.health = requireNonNull(health, "health");
        requireNonNull(millis, "millis");
        this.share = health.perOutage(nodes -> new LocalQuotaCounter(millis, limit -> limit / nodes));
    }

    @Override
    public Result take(List<Quota> quotas, long tokens) {
        return health.orWhileAway(() -> shared.take(quotas, tokens), () -> share.get().take(quotas, tokens));
    }
}
