package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Quota windows in this process: for each quota a sliding minute of one-second buckets. A limit may be
 * changed (a node's share of a cluster quota while the shared database cannot be reached).
 */
public final class LocalQuotaCounter implements QuotaCounter {
    /** The length of a quota's window, in seconds. */
    public static final int WINDOW_SECONDS = 60;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private final Limit limit;

    /** What a quota counts. */
    public enum Measure {
        /** Requests a minute. */
        REQUESTS,
        /** Tokens a minute. */
        TOKENS
    }

    /** The limit enforced here for a quota's configured one. */
    @FunctionalInterface
    public interface Limit {
        /** The limit of {@code measure} enforced for {@code quota} now, whose configured limit is {@code configured}. */
        long of(Quota quota, Measure measure, long configured);
    }

    /** Counts over a millisecond clock, with the quotas' own limits. */
    public LocalQuotaCounter(LongSupplier millis) {
        this(millis, (quota, measure, configured) -> configured);
    }

    /** Counts over a millisecond clock; {@code limit} maps a quota's configured limit to the one enforced here. */
    public LocalQuotaCounter(LongSupplier millis, Limit limit) {
        this.millis = requireNonNull(millis, "millis");
        this.limit = requireNonNull(limit, "limit");
    }

    @Override
    public Result take(List<Quota> quotas, long tokens) {
        long second = second();
        List<Window> taken = new ArrayList<>(quotas.size());
        for (Quota quota : quotas) {
            Window window = windows.computeIfAbsent(quota.name(), name -> new Window());
            if (!window.tryTake(second, tokens, limited(quota, Measure.REQUESTS, quota.requestsPerMinute()),
                    limited(quota, Measure.TOKENS, quota.tokensPerMinute()))) {
                taken.forEach(w -> w.add(second, -1, -tokens));
                return new Refused(quota);
            }
            taken.add(window);
        }
        return new Taken(this::correct, quotas, second, tokens);
    }

    /** What {@code quota} counted of {@code measure} in the current minute. */
    public long used(String quota, Measure measure) {
        Window window = windows.get(quota);
        return window == null ? 0 : window.used(second(), measure);
    }

    @Override
    public QuotaCounter.Window window(List<Quota> quotas) {
        long now = millis.getAsLong();
        long second = now / 1000;
        List<Count> counts = new ArrayList<>();
        for (Quota quota : quotas) {
            Window window = windows.get(quota.name());
            if (window != null) {
                window.countsInto(quota.name(), second, counts);
            }
        }
        return new QuotaCounter.Window(now, counts);
    }

    @Override
    public void add(List<Count> counts) {
        long now = second();
        for (Count count : counts) {
            // A second ahead is taken too: counts moved from another clock are rounded up, to leave no sooner.
            if (now - count.second() < WINDOW_SECONDS && count.second() <= now + 1) {
                windows.computeIfAbsent(count.quota(), name -> new Window())
                        .add(count.second(), count.requests(), count.tokens());
            }
        }
    }

    private long second() {
        return millis.getAsLong() / 1000;
    }

    /** 0 stays "no limit"; a changed limit that comes to nothing refuses everything. */
    private long limited(Quota quota, Measure measure, long configured) {
        if (configured == 0) {
            return 0;
        }
        long enforced = limit.of(quota, measure, configured);
        return enforced <= 0 ? -1 : enforced;
    }

    private void correct(Taken taken, long deltaTokens) {
        if (second() - taken.second() >= WINDOW_SECONDS) {
            return; // the minute has passed
        }
        for (Quota quota : taken.quotas()) {
            Window window = windows.get(quota.name());
            if (window != null) {
                window.add(taken.second(), 0, deltaTokens);
            }
        }
    }

    private static final class Window {
        final long[] seconds = new long[WINDOW_SECONDS];
        final long[] requests = new long[WINDOW_SECONDS];
        final long[] tokens = new long[WINDOW_SECONDS];

        /** The bucket of {@code second}, emptied if it held an older second; -1 if it holds a newer one. */
        private int bucket(long second) {
            int index = (int) (second % WINDOW_SECONDS);
            if (seconds[index] > second) {
                return -1;
            }
            if (seconds[index] != second) {
                seconds[index] = second;
                requests[index] = 0;
                tokens[index] = 0;
            }
            return index;
        }

        private long sum(long[] values, long second) {
            long total = 0;
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                if (second - seconds[i] < WINDOW_SECONDS) {
                    total += values[i];
                }
            }
            return total;
        }

        /** A limit of 0 is none; a negative one refuses everything. */
        synchronized boolean tryTake(long second, long estimatedTokens, long requestLimit, long tokenLimit) {
            int index = bucket(second);
            if (index < 0) {
                return false; // the clock went back by a minute or more
            }
            if (requestLimit != 0 && sum(requests, second) + 1 > Math.max(requestLimit, 0)) {
                return false;
            }
            if (tokenLimit != 0 && sum(tokens, second) + estimatedTokens > Math.max(tokenLimit, 0)) {
                return false;
            }
            requests[index]++;
            tokens[index] += estimatedTokens;
            return true;
        }

        synchronized void add(long second, long requestDelta, long tokenDelta) {
            int index = bucket(second);
            if (index >= 0) {
                requests[index] += requestDelta;
                tokens[index] += tokenDelta;
            }
        }

        synchronized long used(long second, Measure measure) {
            return sum(measure == Measure.REQUESTS ? requests : tokens, second);
        }

        synchronized void countsInto(String quota, long second, List<Count> counts) {
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                if (second - seconds[i] < WINDOW_SECONDS && (requests[i] != 0 || tokens[i] != 0)) {
                    counts.add(new Count(quota, seconds[i], requests[i], tokens[i]));
                }
            }
        }
    }
}
