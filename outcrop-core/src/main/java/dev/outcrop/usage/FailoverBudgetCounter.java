package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster budgets that survive the loss of the shared database. While the database answers, budgets are
 * counted there, and this node keeps what each budget had left ({@link #refresh}). While it does not, this
 * node may spend only its share of that remainder (divided by the nodes alive when it was last seen), so
 * the cluster as a whole stays within every budget; what it settles meanwhile waits, in order, and is
 * counted in the database when it answers again, before the node trusts it again.
 */
public final class FailoverBudgetCounter implements BudgetCounter {
    private static final Logger log = LoggerFactory.getLogger(FailoverBudgetCounter.class);
    private final BudgetCounter shared;
    private final StoreHealth health;
    private final List<Budget> budgets;
    private final Consumer<List<Spend>> lateSpends;
    private final Map<String, Long> remaining = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Supplier<LocalBudgetCounter> share;

    /** A settlement the database has not yet counted: {@code held} is null for a call held by the local share. */
    private record Waiting(Held held, List<Budget> budgets, long actualMicros, Instant time) {}

    /**
     * Counts in {@code shared} while {@code health} says the database answers; {@code lateSpends} hears of
     * the spend counted when waiting settlements are delivered (for threshold notifications).
     */
    public FailoverBudgetCounter(BudgetCounter shared, StoreHealth health, List<Budget> budgets,
                                 Consumer<List<Spend>> lateSpends) {
        this.shared = requireNonNull(shared, "shared");
        this.health = requireNonNull(health, "health");
        this.budgets = List.copyOf(budgets);
        this.lateSpends = requireNonNull(lateSpends, "lateSpends");
        this.share = health.perOutage(nodes -> new LocalBudgetCounter(History.NONE,
                budget -> Math.max(0, remaining.getOrDefault(budget.name(), 0L)) / nodes));
        health.onRecovery(this::deliverWaiting);
    }

    /**
     * Called while the database answers (each heartbeat): counts settlements still waiting, and notes what
     * every budget has left.
     */
    public void refresh(Instant now) {
        if (budgets.isEmpty() || !health.reachable()) {
            return;
        }
        try {
            if (!waiting.isEmpty()) {
                deliverWaiting();
            }
            for (Standing standing : shared.standings(budgets, now)) {
                remaining.put(standing.budget().name(),
                        standing.budget().limitMicros() - standing.spentMicros() - standing.reservedMicros());
            }
        } catch (StoreException e) {
            if (e.unreachable()) {
                health.failed(e);
            } else {
                log.warn("could not refresh the cluster's budgets: {}", e.toString());
            }
        }
    }

    @Override
    public Result reserve(List<Budget> matching, Instant now, long amountMicros) {
        return health.orWhileAway(() -> {
            Result result = shared.reserve(matching, now, amountMicros);
            return result instanceof Held inner
                    ? new Held((held, actual, at) -> settleShared(inner, actual, at), inner.holds(), inner.amount())
                    : result;
        }, () -> {
            Result result = share.get().reserve(matching, now, amountMicros);
            return result instanceof Held inner
                    ? new Held((held, actual, at) -> settleLocal(inner, actual, at), inner.holds(), inner.amount())
                    : result;
        });
    }

    /** A call held in the database: settled there, or, if that fails, as soon as it can be (never dropped). */
    private List<Spend> settleShared(Held inner, long actualMicros, Instant now) {
        if (health.reachable()) {
            try {
                return inner.settler().settle(inner, actualMicros, now);
            } catch (StoreException e) {
                if (e.unreachable()) {
                    health.failed(e);
                } else {
                    log.warn("a budget settlement failed; it is retried at the next heartbeat: {}", e.toString());
                }
            }
        }
        waiting.add(new Waiting(inner, budgetsOf(inner), actualMicros, now));
        return List.of();
    }

    /** A call held by the local share: counted there now, and in the database when it answers again. */
    private List<Spend> settleLocal(Held localHeld, long actualMicros, Instant now) {
        localHeld.settler().settle(localHeld, actualMicros, now);
        waiting.add(new Waiting(null, budgetsOf(localHeld), actualMicros, now));
        return List.of(); // thresholds are told when the database has counted the spend
    }

    private static List<Budget> budgetsOf(Held held) {
        return held.holds().stream().map(Hold::budget).toList();
    }

    /** Counts the waiting settlements in the database, oldest first; stops at the first failure. */
    private void deliverWaiting() {
        int delivered = 0;
        Waiting next;
        while ((next = waiting.peek()) != null) {
            List<Spend> spends = next.held() != null
                    ? next.held().settler().settle(next.held(), next.actualMicros(), next.time())
                    : shared.spend(next.budgets(), next.actualMicros(), next.time());
            waiting.poll();
            delivered++;
            lateSpends.accept(spends);
        }
        if (delivered > 0) {
            log.info("counted {} settlements made while the shared database could not be reached", delivered);
        }
    }

    @Override
    public List<Spend> spend(List<Budget> of, long actualMicros, Instant now) {
        return health.orWhileAway(() -> shared.spend(of, actualMicros, now), () -> {
            share.get().spend(of, actualMicros, now);
            waiting.add(new Waiting(null, of, actualMicros, now));
            return List.<Spend>of();
        });
    }

    @Override
    public List<Standing> standings(List<Budget> of, Instant now) {
        return health.orWhileAway(() -> shared.standings(of, now), () -> share.get().standings(of, now));
    }

    /** Settlements not yet counted in the database. */
    public int waiting() {
        return waiting.size();
    }

}
