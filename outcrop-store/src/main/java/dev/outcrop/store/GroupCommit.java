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
     * The default: a short wait more once a few records were waiting, so that a commit carries several calls'
     * records; a longer wait brought no more and makes every call under load wait longer (the measurements:
     * docs/benchmarks.md, "Measurements behind the code").
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
