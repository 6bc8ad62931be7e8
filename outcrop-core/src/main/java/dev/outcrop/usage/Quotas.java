package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ThrottlingException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Requests and tokens per minute per profile or principal, over a sliding minute of one-second buckets.
 * A call takes one request and its estimated tokens from every quota that counts it, or is refused with
 * {@code ThrottlingException} as Bedrock refuses; the estimate is corrected when the call ends.
 */
public final class Quotas {
    private static final int BUCKETS = 60;
    private final List<Window> windows;
    private final LongSupplier millis;

    /** Creates the quotas over a millisecond clock. */
    public Quotas(List<Quota> quotas, LongSupplier millis) {
        this.windows = quotas.stream().map(Window::new).toList();
        this.millis = requireNonNull(millis, "millis");
    }

    /** What a call took, corrected by {@link #settle}. */
    public final class Permit {
        private final List<Window> taken;
        private final long estimatedTokens;
        private final long second;

        private Permit(List<Window> taken, long estimatedTokens, long second) {
            this.taken = taken;
            this.estimatedTokens = estimatedTokens;
            this.second = second;
        }
    }

    /**
     * Takes one request and {@code estimatedTokens} from every quota that counts the call.
     *
     * @throws ThrottlingException when one of them is spent for this minute
     */
    public Permit acquire(CallScope call, long estimatedTokens) {
        long second = millis.getAsLong() / 1000;
        List<Window> taken = new ArrayList<>();
        for (Window window : windows) {
            if (!window.quota.selector().matches(call)) {
                continue;
            }
            if (!window.tryTake(second, estimatedTokens)) {
                taken.forEach(w -> w.giveBack(second, estimatedTokens));
                throw new ThrottlingException("Too many requests, please wait before trying again. (quota '"
                        + window.quota.name() + "': " + describe(window.quota) + ")");
            }
            taken.add(window);
        }
        return new Permit(taken, estimatedTokens, second);
    }

    /** Replaces the call's token estimate with what it really used. */
    public void settle(Permit permit, long actualTokens) {
        long now = millis.getAsLong() / 1000;
        for (Window window : permit.taken) {
            window.adjustTokens(permit.second, actualTokens - permit.estimatedTokens, now);
        }
    }

    private static String describe(Quota quota) {
        List<String> parts = new ArrayList<>();
        if (quota.requestsPerMinute() > 0) {
            parts.add(quota.requestsPerMinute() + " requests a minute");
        }
        if (quota.tokensPerMinute() > 0) {
            parts.add(quota.tokensPerMinute() + " tokens a minute");
        }
        return String.join(", ", parts);
    }

    private static final class Window {
        final Quota quota;
        final long[] seconds = new long[BUCKETS];
        final long[] requests = new long[BUCKETS];
        final long[] tokens = new long[BUCKETS];

        Window(Quota quota) {
            this.quota = quota;
        }

        private int bucket(long second) {
            int index = (int) (second % BUCKETS);
            if (seconds[index] != second) {
                seconds[index] = second;
                requests[index] = 0;
                tokens[index] = 0;
            }
            return index;
        }

        private long sum(long[] values, long second) {
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (second - seconds[i] < BUCKETS) {
                    total += values[i];
                }
            }
            return total;
        }

        synchronized boolean tryTake(long second, long estimatedTokens) {
            int index = bucket(second);
            if (quota.requestsPerMinute() > 0 && sum(requests, second) + 1 > quota.requestsPerMinute()) {
                return false;
            }
            if (quota.tokensPerMinute() > 0 && sum(tokens, second) + estimatedTokens > quota.tokensPerMinute()) {
                return false;
            }
            requests[index]++;
            tokens[index] += estimatedTokens;
            return true;
        }

        synchronized void giveBack(long second, long estimatedTokens) {
            int index = bucket(second);
            requests[index]--;
            tokens[index] -= estimatedTokens;
        }

        synchronized void adjustTokens(long second, long delta, long now) {
            if (now - second < BUCKETS) {
                tokens[bucket(second)] += delta;
            }
        }
    }
}
