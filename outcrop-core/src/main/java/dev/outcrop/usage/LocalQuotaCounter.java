package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Quota windows in this process: for each quota a sliding minute of one-second buckets. A limit may be
 * scaled (a node's share of a cluster quota while the shared database cannot be reached).
 */
public final class LocalQuotaCounter implements QuotaCounter {
    private static final int BUCKETS = 60;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private final LongUnaryOperator limit;

    /** Counts over a millisecond clock, with the quotas' own limits. */
    public LocalQuotaCounter(LongSupplier millis) {
        this(millis, LongUnaryOperator.identity());
    }

    /** Counts over a millisecond clock; {@code limit} maps a quota's configured limit to the one enforced here. */
    public LocalQuotaCounter(LongSupplier millis, LongUnaryOperator limit) {
        this.millis = requireNonNull(millis, "millis");
        this.limit = requireNonNull(limit, "limit");
    }

    @Override
    public Result take(List<Quota> quotas, long tokens) {
        long second = millis.getAsLong() / 1000;
        List<Window> taken = new ArrayList<>(quotas.size());
        for (Quota quota : quotas) {
            Window window = windows.computeIfAbsent(quota.name(), name -> new Window());
            if (!window.tryTake(second, tokens, limited(quota.requestsPerMinute()), limited(quota.tokensPerMinute()))) {
                taken.forEach(w -> w.add(second, -1, -tokens));
                return new Refused(quota);
            }
            taken.add(window);
        }
        return new Taken(this::correct, quotas, second, tokens);
    }

    /** 0 stays "no limit"; a scaled limit that rounds to nothing refuses everything. */
    private long limited(long configured) {
        if (configured == 0) {
            return 0;
        }
        long scaled = limit.applyAsLong(configured);
        return scaled <= 0 ? -1 : scaled;
    }

    private void correct(Taken taken, long deltaTokens) {
        long now = millis.getAsLong() / 1000;
        if (now - taken.second() >= BUCKETS) {
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
        final long[] seconds = new long[BUCKETS];
        final long[] requests = new long[BUCKETS];
        final long[] tokens = new long[BUCKETS];

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

        /** A limit of 0 is none; a negative one refuses everything. */
        synchronized boolean tryTake(long second, long estimatedTokens, long requestLimit, long tokenLimit) {
            int index = bucket(second);
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
            requests[index] += requestDelta;
            tokens[index] += tokenDelta;
        }
    }
}
