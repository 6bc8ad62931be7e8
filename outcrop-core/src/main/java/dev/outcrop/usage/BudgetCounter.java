package dev.outcrop.usage;

import java.time.Instant;
import java.util.List;

/**
 * Where the spend and the reservations of budgets are counted: in this process ({@link LocalBudgetCounter}),
 * or in the database that several nodes share, so that a budget holds for the cluster as a whole.
 * Implementations reserve atomically: spend plus what calls in flight hold never passes a limit.
 */
public interface BudgetCounter {

    /** What {@link #reserve} answers. */
    sealed interface Result permits Held, Refused {}

    /** One budget's period in which an amount is held. */
    record Hold(Budget budget, Instant periodStart) {}

    /** Settles what a counter held: releases the hold and counts the real spend. */
    @FunctionalInterface
    interface Settler {
        /** Releases what {@code held} holds and counts {@code actualMicros} as spent in each budget's current period. */
        List<Spend> settle(Held held, long actualMicros, Instant now);
    }

    /** {@code amount} held in each of {@code holds}; {@code settler} settles it. */
    record Held(Settler settler, List<Hold> holds, long amount) implements Result {
        /** Copies the list. */
        public Held {
            holds = List.copyOf(holds);
        }
    }

    /** Nothing was held: {@code budget} cannot cover the amount beside its spend and what calls in flight hold. */
    record Refused(Budget budget, long spentMicros, long reservedMicros) implements Result {}

    /** A budget's spend in a period before and after a settlement, to tell which thresholds it crossed. */
    record Spend(Budget budget, Instant periodStart, long beforeMicros, long afterMicros) {}

    /** A budget's spend and reservations in its current period. */
    record Standing(Budget budget, Instant periodStart, long spentMicros, long reservedMicros) {}

    /** What was spent in a budget's period before the counter first saw it (the ledger's records). */
    @FunctionalInterface
    interface History {
        /** No earlier spend. */
        History NONE = (budget, periodStart) -> 0;

        /** The settled spend counted by {@code budget} since {@code periodStart}. */
        long spentMicros(Budget budget, Instant periodStart);
    }

    /**
     * Holds {@code amountMicros} in every one of {@code budgets} (sorted by name), all or none.
     *
     * @param now the time that picks each budget's period
     */
    Result reserve(List<Budget> budgets, Instant now, long amountMicros);

    /** Counts {@code actualMicros} as spent in each of {@code budgets}' current period, without a hold. */
    List<Spend> spend(List<Budget> budgets, long actualMicros, Instant now);

    /** Spend and reservations of {@code budgets} now. */
    List<Standing> standings(List<Budget> budgets, Instant now);
}
