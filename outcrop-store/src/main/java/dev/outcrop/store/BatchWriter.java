package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One writer thread with group commit: it takes every item queued since its last commit and commits them as
 * one batch. Under load, batches grow by themselves (items queue while a commit is in flight); when idle, an
 * item is committed at once; {@link GroupCommit} may make a large batch wait a moment for more. A failed commit
 * is retried with the same batch, with a growing pause, until it succeeds: items are never dropped while the
 * process lives. {@link #close} commits what is queued, then stops.
 *
 * @param <T> what is queued
 */
final class BatchWriter<T> {
    /** Commits one batch; throws to have the same batch retried. */
    interface Committer<T> {
        void commit(List<T> batch) throws Exception;
    }

    /** Acts on a batch once it is committed and counted (answers those who wait for it). */
    interface Committed<T> {
        void committed(List<T> batch);
    }

    private static final Object STOP = new Object();
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final String name;
    private final GroupCommit groupCommit;
    private final int maxBatch;
    private final Committer<T> committer;
    private final Committed<T> committed;
    private final Runnable release;
    private final Logger log;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Batches committed; written by the writer only. */
    private volatile long commits;

    /**
     * Starts the writer thread {@code name}.
     *
     * @param committed run on the writer after each commit, once {@link #commits()} counts it
     * @param release run on the writer after a failed commit, before its retry, and when it stops: lets go of what
     *                the writer holds (a connection, a file), to be opened again by the next commit
     */
    BatchWriter(String name, GroupCommit groupCommit, int maxBatch, Committer<T> committer, Committed<T> committed,
                Runnable release, Logger log) {
        this.name = requireNonNull(name, "name");
        this.groupCommit = requireNonNull(groupCommit, "groupCommit");
        this.maxBatch = maxBatch;
        this.committer = requireNonNull(committer, "committer");
        this.committed = requireNonNull(committed, "committed");
        this.release = requireNonNull(release, "release");
        this.log = requireNonNull(log, "log");
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Queues an item for the next commit. */
    void add(T item) {
        queue.add(requireNonNull(item, "item"));
    }

    /** Items queued and not yet committed. */
    int backlog() {
        return queue.size();
    }

    /** Batches committed so far. */
    long commits() {
        return commits;
    }

    /** Commits what is queued, then stops the writer; waits up to {@code timeoutMillis} for it. */
    void close(long timeoutMillis) {
        queue.add(STOP);
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            writeUntilStopped();
        } finally {
            release.run();
        }
    }

    @SuppressWarnings("unchecked")
    private void writeUntilStopped() {
        List<Object> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                if (batch.size() < maxBatch && groupCommit.waitsFor(batch.size()) && !batch.contains(STOP)) {
                    // Items arrive faster than commits: let one commit serve the next moment's items too.
                    TimeUnit.NANOSECONDS.sleep(groupCommit.delay().toNanos());
                    queue.drainTo(batch, maxBatch - batch.size());
                }
                stopping = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    commitUntilDone((List<T>) (List<?>) batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void commitUntilDone(List<T> batch) throws InterruptedException {
        long backoff = 10;
        while (true) {
            try {
                committer.commit(batch);
                commits++; // the writer is the only writer of the field; counted before anyone is answered
                committed.committed(batch);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                release.run();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                log.warn("{}: commit of {} failed; retrying in {} ms: {}", name, batch.size(), backoff, cause.toString());
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }
}
