package dev.outcrop.usage;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable record of every runtime call. {@link #append} returns at once; its future completes when the
 * record is durable, and a call's answer is not finished before that.
 */
public interface Ledger extends AutoCloseable {

    /** Queues a record; the future completes once it is committed (or fails if it cannot be). */
    CompletableFuture<Void> append(UsageRecord record);

    /** Records of a time range, oldest first (for reports and tests). */
    List<UsageRecord> records(Instant from, Instant to);

    /** How many records are queued but not yet durable. */
    int backlog();

    /** How many commits (each a disk sync where records are synced) made records durable so far; 0 if not counted. */
    default long commits() {
        return 0;
    }

    /** Flushes what is queued and stops. */
    @Override
    void close();
}
