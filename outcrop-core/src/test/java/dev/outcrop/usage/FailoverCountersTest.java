package dev.outcrop.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Budgets of a cluster node while the shared database goes away and comes back (quotas: FailoverQuotaCounterTest). */
class FailoverCountersTest {
    private static final Selector ALICE = Selector.parse("principal:alice");
    private final StoreHealth health = new StoreHealth(Clock.systemUTC());
    private boolean down;

    private StoreException unreachable() {
        return new StoreException("down", new java.sql.SQLException("connection refused"), true);
    }

    /** A "database" budget counter: in memory, failing while {@link #down}. */
    private final class SharedBudgets implements BudgetCounter {
        final LocalBudgetCounter inside = new LocalBudgetCounter(History.NONE);

        @Override
        public Result reserve(List<Budget> budgets, Instant now, long amountMicros) {
            check();
            Result result = inside.reserve(budgets, now, amountMicros);
            if (result instanceof Held held) {
                return new Held((h, actual, at) -> {
                    check();
                    return held.settler().settle(held, actual, at);
                }, held.holds(), held.amount());
            }
            return result;
        }

        @Override
        public List<Spend> spend(List<Budget> budgets, long actualMicros, Instant now) {
            check();
            return inside.spend(budgets, actualMicros, now);
        }

        @Override
        public List<Standing> standings(List<Budget> budgets, Instant now) {
            check();
            return inside.standings(budgets, now);
        }

        private void check() {
            if (down) {
                throw unreachable();
            }
        }
    }

    @Test
    void whileTheDatabaseIsAwayANodeSpendsOnlyItsShareOfWhatWasLeftAndCountsItWhenItReturns() {
        Budget budget = new Budget("b", ALICE, Budget.Period.MONTHLY, 1_000, List.of(0.9), null);
        SharedBudgets shared = new SharedBudgets();
        List<BudgetCounter.Spend> late = new ArrayList<>();
        FailoverBudgetCounter counter = new FailoverBudgetCounter(shared, health, List.of(budget), late::addAll);
        Instant now = Instant.now();
        health.answered(3);
        BudgetCounter.Held before = (BudgetCounter.Held) counter.reserve(List.of(budget), now, 400);
        before.settler().settle(before, 400, now);
        BudgetCounter.Held inFlight = (BudgetCounter.Held) counter.reserve(List.of(budget), now, 30);
        counter.refresh(now); // 1000 - 400 spent - 30 held: 570 left

        down = true;
        // The node's share: 570 / 3 = 190.
        BudgetCounter.Held a = (BudgetCounter.Held) counter.reserve(List.of(budget), now, 150);
        assertThat(counter.reserve(List.of(budget), now, 50)).isInstanceOf(BudgetCounter.Refused.class);
        a.settler().settle(a, 120, now);
        inFlight.settler().settle(inFlight, 25, now); // a call held in the database, settled while it is away
        assertThat(counter.reserve(List.of(budget), now, 70)).isInstanceOf(BudgetCounter.Held.class); // 120 + 70 <= 190
        assertThat(counter.waiting()).isEqualTo(2);

        down = false;
        health.answered(3);
        assertThat(counter.waiting()).isZero();
        BudgetCounter.Standing standing = shared.standings(List.of(budget), now).getFirst();
        assertThat(standing.spentMicros()).isEqualTo(400 + 120 + 25);
        assertThat(standing.reservedMicros()).isZero();
        assertThat(late).isNotEmpty();
    }

    @Test
    void thresholdsCrossedByLateSpendAreToldWhenItIsCounted() {
        Budget budget = new Budget("b", ALICE, Budget.Period.MONTHLY, 1_000, List.of(0.5), null);
        SharedBudgets shared = new SharedBudgets();
        List<Budgets.Notification> told = new ArrayList<>();
        FailoverBudgetCounter counter = new FailoverBudgetCounter(shared, health, List.of(budget),
                spends -> Budgets.notifyCrossings(spends, told::add));
        Instant now = Instant.now();
        counter.refresh(now);
        down = true;
        BudgetCounter.Held held = (BudgetCounter.Held) counter.reserve(List.of(budget), now, 900);
        held.settler().settle(held, 600, now);
        assertThat(told).isEmpty();
        down = false;
        health.answered(1);
        assertThat(told).singleElement().satisfies(n -> assertThat(n.threshold()).isEqualTo(0.5));
    }
}
