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
 * <p>A commit costs the process about as much CPU as a few dozen records (the sync, the log's frames and
 * its checksums, waking the writer): at 10,000 calls a second, committing every five records spends more
 * of the machine on syncs than on records.
 *
 * @param delay how long to wait for more records once {@code minBatch} were waiting; zero: never wait
 * @param minBatch records waiting at a commit that make it wait {@code delay}; at least 1
 */
public record GroupCommit(Duration delay, int minBatch) {
    /** Commits whatever waits at once. */
    public static final GroupCommit IMMEDIATE = new GroupCommit(Duration.ZERO, 1);

    /**
     * The default: 250 µs more once 4 records were waiting. Measured with the gateway harness's Outcrop under
     * {@code wrk} (2 cores), in alternated pairs against commits at once: ~4 % less CPU a call; 1 ms gave about
     * as much less CPU but lower throughput on 64 connections (each call waited the longer delay).
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
