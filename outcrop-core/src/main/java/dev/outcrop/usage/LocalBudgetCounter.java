package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Budgets counted in this process: per budget its current period's spend and what calls in flight hold.
 * A limit may be replaced (a node's share of what a cluster budget had left while the shared database
 * cannot be reached).
 */
public final class LocalBudgetCounter implements BudgetCounter {
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final History history;
    private final ToLongFunction<Budget> limit;

    /** Counts with the budgets' own limits; a period first seen starts at what {@code history} says was spent. */
    public LocalBudgetCounter(History history) {
        this(history, Budget::limitMicros);
    }

    /** Counts with {@code limit} in place of the budgets' own limits. */
    public LocalBudgetCounter(History history, ToLongFunction<Budget> limit) {
        this.history = requireNonNull(history, "history");
        this.limit = requireNonNull(limit, "limit");
    }

    private State state(Budget budget) {
        return states.computeIfAbsent(budget.name(), name -> new State(budget));
    }

    @Override
    public Result reserve(List<Budget> budgets, Instant now, long amountMicros) {
        List<Hold> held = new ArrayList<>(budgets.size());
        for (Budget budget : budgets) { // sorted by name: a fixed order, so budgets are taken one after another
            State state = state(budget);
            synchronized (state) {
                state.roll(now);
                if (state.spent + state.reserved + amountMicros > limit.applyAsLong(budget)) {
                    Refused refused = new Refused(budget, state.spent, state.reserved);
                    release(held, amountMicros);
                    return refused;
                }
                state.reserved += amountMicros;
                held.add(new Hold(budget, state.periodStart));
            }
        }
        return new Held(this::settle, held, amountMicros);
    }

    private void release(List<Hold> held, long amount) {
        for (Hold hold : held) {
            State state = state(hold.budget());
            synchronized (state) {
                state.reserved -= amount; // calls in flight keep their holds across a change of period
            }
        }
    }

    private List<Spend> settle(Held held, long actualMicros, Instant now) {
        release(held.holds(), held.amount());
        return spend(held.holds().stream().map(Hold::budget).toList(), actualMicros, now);
    }

    @Override
    public List<Spend> spend(List<Budget> budgets, long actualMicros, Instant now) {
        List<Spend> spends = new ArrayList<>(budgets.size());
        for (Budget budget : budgets) {
            State state = state(budget);
            synchronized (state) {
                state.roll(now);
                long before = state.spent;
                state.spent += actualMicros;
                spends.add(new Spend(budget, state.periodStart, before, state.spent));
            }
        }
        return spends;
    }

    @Override
    public List<Standing> standings(List<Budget> budgets, Instant now) {
        return budgets.stream().map(budget -> {
            State state = state(budget);
            synchronized (state) {
                state.roll(now);
                return new Standing(budget, state.periodStart, state.spent, state.reserved);
            }
        }).toList();
    }

    /** One budget's current period. Guarded by itself. */
    private final class State {
        final Budget budget;
        Instant periodStart;
        long spent;
        long reserved;

        State(Budget budget) {
            this.budget = budget;
        }

        /** Moves to the period of {@code now}; a period first seen starts at its history's spend. */
        void roll(Instant now) {
            Instant start = budget.period().start(now);
            if (!start.equals(periodStart)) {
                periodStart = start;
                spent = history.spentMicros(budget, start);
            }
        }
    }
}
