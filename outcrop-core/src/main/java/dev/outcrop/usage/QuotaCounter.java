package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where the sliding minutes of quotas are counted: in this process ({@link LocalQuotaCounter}), or in the
 * database that several nodes share, so that a quota holds for the cluster as a whole.
 */
public interface QuotaCounter {

    /** What {@link #take} answers. */
    sealed interface Result permits Taken, Refused {}

    /** Corrects what a counter took. */
    @FunctionalInterface
    interface Corrector {
        /** Adds {@code deltaTokens} (negative to give back) to what {@code taken} counted. */
        void correct(Taken taken, long deltaTokens);
    }

    /**
     * One request and {@code tokens} taken from each of {@code quotas} in the window second {@code second};
     * {@code corrector} corrects it.
     */
    record Taken(Corrector corrector, List<Quota> quotas, long second, long tokens) implements Result {
        /** Copies the list. */
        public Taken {
            quotas = List.copyOf(quotas);
        }
    }

    /** Nothing was taken: {@code quota} is spent for this minute. */
    record Refused(Quota quota) implements Result {}

    /**
     * Takes one request and {@code tokens} from every one of {@code quotas}, all or none: the call counts
     * against all of them or is refused.
     */
    Result take(List<Quota> quotas, long tokens);

    /** What one quota counted in one second, on the clock of the counter that counted it. */
    record Count(String quota, long second, long requests, long tokens) {
        /** Checks the members. */
        public Count {
            requireNonNull(quota, "quota");
        }
    }

    /**
     * The counts of a window: every second that counted something in the minute up to {@code millis}, the
     * counter's clock when it was read.
     */
    record Window(long millis, List<Count> counts) {
        /** Copies the list. */
        public Window {
            counts = List.copyOf(counts);
        }
    }

    /** What {@code quotas} counted in the current minute, on this counter's clock. */
    Window window(List<Quota> quotas);

    /**
     * Adds counts made elsewhere (by a node while it could not reach this counter), seconds on this counter's
     * clock; a second no longer in the window is ignored.
     */
    void add(List<Count> counts);
}
