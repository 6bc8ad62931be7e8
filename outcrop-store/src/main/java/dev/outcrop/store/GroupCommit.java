package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the ledger's writer gathers records into one commit (one disk sync), as PostgreSQL's
 * {@code commit_delay} and {@code commit_siblings} do for its WAL flushes. The writer always takes every
 * record that waits; when at least {@code minBatch} were waiting, a sign that calls arrive faster than
 * commits, it waits {@code delay} more before committing, so that one sync serves the records of that
 * time too. Under a light load (fewer than {@code minBatch} waiting) a record is committed at once and
 * pays no delay.
 *
 * <p>Each commit is a disk sync and writes again the pages it touched (the table's last page, the last page
 * of each index): on a disk that syncs fast, a writer that never waits commits almost every few records.
 *
 * @param delay how long to wait for more records once {@code minBatch} were waiting; zero: never wait
 * @param minBatch records waiting at a commit that make it wait {@code delay}; at least 1
 */
public record GroupCommit(Duration delay, int minBatch) {
    /** Commits whatever waits at once. */
    public static final GroupCommit IMMEDIATE = new GroupCommit(Duration.ZERO, 1);

    /**
     * The default: 250 µs more once 4 records were waiting. Measured on Outcrop under {@code wrk} (2 cores, ~11-14k
     * calls/s) against commits at once: half the ledger's write calls and a quarter fewer bytes written a call;
     * the CPU a call moved within the machine's noise. 1 ms brought no more in the same sittings, and makes every
     * call under load wait four times as long.
     */
    public static final GroupCommit DEFAULT = new GroupCommit(Duration.ofNanos(250_000), 4);

    /** Checks the members. */
    public GroupCommit {
        requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: 0..1 s)");
        }
        if (minBatch < 1) {
            throw new IllegalArgumentException("minBatch: " + minBatch + " (expected: 1 or more)");
        }
    }

    /** Whether a commit of {@code waiting} records waits {@link #delay()} for more first. */
    boolean waitsFor(int waiting) {
        return !delay.isZero() && waiting >= minBatch;
    }
}
