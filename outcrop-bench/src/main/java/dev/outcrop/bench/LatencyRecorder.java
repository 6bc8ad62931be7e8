package dev.outcrop.bench;

import java.util.Arrays;

/** Collects latencies (nanoseconds) and errors of one phase; thread-safe; percentiles by exact sort. */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;
    private int errors;

    synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return count;
    }

    synchronized int errors() {
        return errors;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(p / 100.0 * count) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }
}
