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
 * reservations of calls in flight past a limit is refused, so concurrent calls can never overshoot. Where
 * spend is counted (this process, or the database a cluster shares) is the {@link BudgetCounter}'s.
 */
public final class Budgets {
    private final List<Budget> budgets;
    private final BudgetCounter counter;
    private final Clock clock;
    private final Consumer<Notification> notifications;

    /** A threshold crossed. */
    public record Notification(String budget, String selector, double threshold, long spentMicros, long limitMicros,
                               Instant periodStart, java.net.URI webhook) {}

    /** Creates budgets over a counter; {@code notifications} is told of each threshold crossed. */
    public Budgets(List<Budget> budgets, BudgetCounter counter, Clock clock, Consumer<Notification> notifications) {
        this.budgets = budgets.stream().sorted(Comparator.comparing(Budget::name)).toList();
        this.counter = requireNonNull(counter, "counter");
        this.clock = requireNonNull(clock, "clock");
        this.notifications = requireNonNull(notifications, "notifications");
    }

    /**
     * The spend that the ledger's {@code records} (of a period, oldest first) count in a budget: the history
     * a counter starts a period from.
     */
    public static long spentIn(Budget budget, List<UsageRecord> records) {
        long spent = 0;
        for (UsageRecord r : records) {
            if (budget.selector().matches(scopeOf(r))) {
                spent += r.costMicros();
            }
        }
        return spent;
    }

    private static CallScope scopeOf(UsageRecord r) {
        return new CallScope(r.principal(), r.targetArn() == null ? "" : r.targetArn(), r.applicationProfileArn(), r.tags());
    }

    /** Amounts held for one call, released by {@link #settle}; {@link #NONE} when no budget counts it. */
    public static final class Reservation {
        /** A call no budget counts. */
        public static final Reservation NONE = new Reservation(null);
        private final BudgetCounter.Held held;
        private boolean settled;

        private Reservation(BudgetCounter.Held held) {
            this.held = held;
        }

        /** The budgets this call counts against. */
        public List<String> budgets() {
            return held == null ? List.of() : held.holds().stream().map(h -> h.budget().name()).toList();
        }
    }

    /**
     * Reserves {@code worstCaseMicros} in every budget that counts the call.
     *
     * @throws ServiceQuotaExceededException when a budget cannot take it
     */
    public Reservation reserve(CallScope call, long worstCaseMicros) {
        List<Budget> matching = new ArrayList<>();
        for (Budget budget : budgets) {
            if (budget.selector().matches(call)) {
                matching.add(budget);
            }
        }
        if (matching.isEmpty()) {
            return Reservation.NONE;
        }
        return switch (counter.reserve(matching, clock.instant(), worstCaseMicros)) {
            case BudgetCounter.Held held -> new Reservation(held);
            case BudgetCounter.Refused refused -> {
                Budget budget = refused.budget();
                throw new ServiceQuotaExceededException("The budget '" + budget.name() + "' (" + budget.selector() + ", "
                        + budget.period().name().toLowerCase(Locale.ROOT) + " limit " + dollars(budget.limitMicros())
                        + ") cannot cover this call: " + dollars(refused.spentMicros()) + " spent, "
                        + dollars(refused.reservedMicros()) + " held by calls in flight, and this call may cost up to "
                        + dollars(worstCaseMicros) + ".");
            }
        };
    }

    /** Releases the reservation and counts {@code actualMicros} as spent; notifies thresholds crossed. */
    public void settle(Reservation reservation, long actualMicros) {
        if (reservation.held == null || reservation.settled) {
            return;
        }
        reservation.settled = true;
        List<BudgetCounter.Spend> spends = reservation.held.settler().settle(reservation.held, actualMicros, clock.instant());
        notifyCrossings(spends, notifications);
    }

    /** Tells {@code notifications} of each threshold that a settlement took a budget's spend across. */
    public static void notifyCrossings(List<BudgetCounter.Spend> spends, Consumer<Notification> notifications) {
        for (BudgetCounter.Spend spend : spends) {
            Budget budget = spend.budget();
            for (Double threshold : budget.thresholds()) {
                double mark = threshold * budget.limitMicros();
                if (spend.beforeMicros() < mark && spend.afterMicros() >= mark) {
                    notifications.accept(new Notification(budget.name(), budget.selector().toString(), threshold,
                            spend.afterMicros(), budget.limitMicros(), spend.periodStart(), budget.webhook()));
                }
            }
        }
    }

    /** Spend and reservations of every budget now. */
    public List<Status> statuses() {
        return counter.standings(budgets, clock.instant()).stream()
                .map(s -> new Status(s.budget().name(), s.budget().selector().toString(),
                        s.budget().period().name().toLowerCase(Locale.ROOT), s.budget().limitMicros(), s.spentMicros(),
                        s.reservedMicros(), s.periodStart()))
                .toList();
    }

    /** One budget's state. */
    public record Status(String name, String selector, String period, long limitMicros, long spentMicros,
                         long reservedMicros, Instant periodStart) {}

    static String dollars(long micros) {
        return String.format(Locale.ROOT, "$%.6f", micros / 1_000_000.0);
    }
}
