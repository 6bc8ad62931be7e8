package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ServiceQuotaExceededException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Budgets that really stop spend: a call reserves its worst-case cost in every budget that counts it
 * before it starts, and settles the real cost when it ends. A reservation that would take spend plus the
 * reservations of calls in flight past a limit is refused, so concurrent calls can never overshoot.
 */
public final class Budgets {
    private final List<State> states;
    private final Clock clock;
    private final Consumer<Notification> notifications;

    /** A threshold crossed, or a call refused at the limit. */
    public record Notification(String budget, String selector, double threshold, long spentMicros, long limitMicros,
                               Instant periodStart, java.net.URI webhook) {}

    /** Creates budgets; {@code notifications} is told of each threshold crossed. */
    public Budgets(List<Budget> budgets, Clock clock, Consumer<Notification> notifications) {
        this.clock = requireNonNull(clock, "clock");
        this.notifications = requireNonNull(notifications, "notifications");
        Instant now = clock.instant();
        this.states = budgets.stream().sorted(Comparator.comparing(Budget::name)).map(b -> new State(b, now)).toList();
    }

    /** Counts settled spend of earlier calls of the current periods (at start-up, from the ledger). */
    public void restore(List<UsageRecord> records) {
        for (State state : states) {
            synchronized (state) {
                state.roll(clock.instant());
                for (UsageRecord r : records) {
                    if (!r.time().isBefore(state.periodStart) && state.budget.selector().matches(scopeOf(r))) {
                        state.spent += r.costMicros();
                    }
                }
                state.markCrossed();
            }
        }
    }

    private static CallScope scopeOf(UsageRecord r) {
        return new CallScope(r.principal(), r.targetArn() == null ? "" : r.targetArn(), r.applicationProfileArn(), r.tags());
    }

    /** Amounts held for one call, released by {@link #settle}. */
    public final class Reservation {
        private final List<State> held;
        private final long worstCase;
        private boolean settled;

        private Reservation(List<State> held, long worstCase) {
            this.held = held;
            this.worstCase = worstCase;
        }

        /** The budgets this call counts against. */
        public List<String> budgets() {
            return held.stream().map(s -> s.budget.name()).toList();
        }
    }

    /**
     * Reserves {@code worstCaseMicros} in every budget that counts the call.
     *
     * @throws ServiceQuotaExceededException when a budget cannot take it
     */
    public Reservation reserve(CallScope call, long worstCaseMicros) {
        List<State> matching = new ArrayList<>();
        for (State state : states) {
            if (state.budget.selector().matches(call)) {
                matching.add(state);
            }
        }
        List<State> held = new ArrayList<>();
        Instant now = clock.instant();
        for (State state : matching) { // sorted by name: a fixed order, so budgets are taken one after another
            synchronized (state) {
                state.roll(now);
                if (state.spent + state.reserved + worstCaseMicros > state.budget.limitMicros()) {
                    String refusal = "The budget '" + state.budget.name() + "' (" + state.budget.selector() + ", "
                            + state.budget.period().name().toLowerCase(Locale.ROOT) + " limit "
                            + dollars(state.budget.limitMicros()) + ") cannot cover this call: " + dollars(state.spent)
                            + " spent, " + dollars(state.reserved) + " held by calls in flight, and this call may cost up to "
                            + dollars(worstCaseMicros) + ".";
                    release(held, worstCaseMicros);
                    throw new ServiceQuotaExceededException(refusal);
                }
                state.reserved += worstCaseMicros;
                held.add(state);
            }
        }
        return new Reservation(held, worstCaseMicros);
    }

    private void release(List<State> held, long amount) {
        for (State state : held) {
            synchronized (state) {
                state.reserved -= amount;
            }
        }
    }

    /** Releases the reservation and counts {@code actualMicros} as spent; notifies thresholds crossed. */
    public void settle(Reservation reservation, long actualMicros) {
        if (reservation.settled) {
            return;
        }
        reservation.settled = true;
        List<Notification> crossed = new ArrayList<>();
        for (State state : reservation.held) {
            synchronized (state) {
                state.reserved -= reservation.worstCase;
                if (state.periodStart.isBefore(state.budget.period().start(clock.instant()))) {
                    state.roll(clock.instant());
                }
                state.spent += actualMicros;
                for (Double threshold : state.budget.thresholds()) {
                    if (state.spent >= threshold * state.budget.limitMicros() && state.crossed.add(threshold)) {
                        crossed.add(new Notification(state.budget.name(), state.budget.selector().toString(), threshold,
                                state.spent, state.budget.limitMicros(), state.periodStart, state.budget.webhook()));
                    }
                }
            }
        }
        crossed.forEach(notifications);
    }

    /** Spend and reservations of every budget now. */
    public List<Status> statuses() {
        Instant now = clock.instant();
        return states.stream().map(s -> {
            synchronized (s) {
                s.roll(now);
                return new Status(s.budget.name(), s.budget.selector().toString(),
                        s.budget.period().name().toLowerCase(Locale.ROOT), s.budget.limitMicros(), s.spent, s.reserved,
                        s.periodStart);
            }
        }).toList();
    }

    /** One budget's state. */
    public record Status(String name, String selector, String period, long limitMicros, long spentMicros,
                         long reservedMicros, Instant periodStart) {}

    static String dollars(long micros) {
        return String.format(Locale.ROOT, "$%.6f", micros / 1_000_000.0);
    }

    private static final class State {
        final Budget budget;
        final java.util.Set<Double> crossed = new java.util.HashSet<>();
        Instant periodStart;
        long spent;
        long reserved;

        State(Budget budget, Instant now) {
            this.budget = budget;
            this.periodStart = budget.period().start(now);
        }

        void roll(Instant now) {
            Instant start = budget.period().start(now);
            if (!start.equals(periodStart)) {
                periodStart = start;
                spent = 0;
                crossed.clear();
            }
        }

        void markCrossed() {
            for (Double threshold : budget.thresholds()) {
                if (spent >= threshold * budget.limitMicros()) {
                    crossed.add(threshold);
                }
            }
        }
    }
}
