package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of a node of a cluster: each record is made durable first in a spool on this node's own disk
 * (SQLite, synced at every commit; the call's answer waits for that), then a forwarder delivers the spool to
 * the shared database in batches, oldest first, and deletes what the database has committed. The database
 * may be away for as long as the disk lasts: calls go on, records wait in the spool and are delivered when
 * it answers again. A delivery repeated after a crash between the database's commit and the spool's delete
 * is harmless: the shared table keeps one row per request id.
 */
public final class ForwardingLedger implements Ledger {
    private static final Logger log = LoggerFactory.getLogger(ForwardingLedger.class);
    private static final int BATCH = 2000;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    private final Database spool;
    private final Database shared;
    private final StoreHealth health;
    private final JdbcLedger spoolWriter;
    private final AtomicLong spooled = new AtomicLong();
    private final Semaphore wake = new Semaphore(0);
    private final Thread forwarder;
    private volatile boolean closing;

    /** Spools into {@code spool} (this node's SQLite, which it closes when it closes) and delivers to {@code shared}. */
    public ForwardingLedger(Database spool, Database shared, StoreHealth health) {
        this(spool, shared, health, Durability.DISK);
    }

    /** As {@link #ForwardingLedger(Database, Database, StoreHealth)}, with the spool's durability. */
    public ForwardingLedger(Database spool, Database shared, StoreHealth health, Durability durability) {
        this(spool, shared, health, durability, GroupCommit.DEFAULT);
    }

    /** As {@link #ForwardingLedger(Database, Database, StoreHealth, Durability)}, with the spool's group commit. */
    public ForwardingLedger(Database spool, Database shared, StoreHealth health, Durability durability,
                            GroupCommit groupCommit) {
        this.spool = requireNonNull(spool, "spool");
        this.shared = requireNonNull(shared, "shared");
        this.health = requireNonNull(health, "health");
        this.spoolWriter = new JdbcLedger(spool, durability, groupCommit);
        this.spooled.set(spool.read(UsageTable::count));
        if (spooled.get() > 0) {
            log.info("{} usage records from an earlier run wait in the spool; delivering them", spooled.get());
        }
        this.forwarder = Thread.ofPlatform().daemon().name("outcrop-ledger-forwarder").start(this::forward);
    }

    @Override
    public CompletableFuture<Void> append(UsageRecord record) {
        return spoolWriter.append(record).whenComplete((done, error) -> {
            if (error == null) {
                spooled.incrementAndGet();
                wake.release();
            }
        });
    }

    private void forward() {
        long backoff = 50;
        while (true) {
            try {
                if (spooled.get() == 0 || !health.reachable()) {
                    if (closing && (spooled.get() == 0 || !health.reachable())) {
                        return;
                    }
                    wake.tryAcquire(health.reachable() ? 1000 : 250, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                deliverBatch();
                backoff = 50;
            } catch (StoreException e) {
                if (closing) {
                    return;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("ledger forwarder failed; retrying", e);
                sleep(backoff);
            }
        }
    }

    /** Delivers the oldest spooled records, then deletes them from the spool. */
    private void deliverBatch() {
        List<UsageTable.Row> rows = spool.read(connection -> UsageTable.oldest(connection, BATCH));
        if (rows.isEmpty()) {
            spooled.set(0);
            return;
        }
        try {
            shared.inTransaction(connection -> {
                UsageTable.insert(connection, rows.stream().map(UsageTable.Row::record).toList());
                return null;
            });
        } catch (StoreException e) {
            health.failed(e);
            throw e;
        }
        spoolWriter.forget(rows.getLast().sequence()).join(); // by the spool's one writer: it never waits for a lock
        spooled.addAndGet(-rows.size());
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The records of a time range: what the shared database has, and what this node has not delivered yet.
     *
     * @throws StoreException when the shared database cannot be reached
     */
    @Override
    public List<UsageRecord> records(Instant from, Instant to) {
        Map<String, UsageRecord> byRequest = new LinkedHashMap<>();
        for (UsageRecord r : shared.read(connection -> UsageTable.between(connection, from, to))) {
            byRequest.put(r.requestId(), r);
        }
        for (UsageRecord r : spool.read(connection -> UsageTable.between(connection, from, to))) {
            byRequest.putIfAbsent(r.requestId(), r);
        }
        List<UsageRecord> records = new ArrayList<>(byRequest.values());
        records.sort(Comparator.comparing(UsageRecord::time));
        return records;
    }

    /** Records not yet durable in the spool, plus those the shared database does not have yet. */
    @Override
    public long commits() {
        return spoolWriter.commits(); // the commits that made records durable on this node: the spool's
    }

    @Override
    public int backlog() {
        return (int) Math.min(Integer.MAX_VALUE, spoolWriter.backlog() + spooled.get());
    }

    /** Records durable in this node's spool that the shared database does not have yet. */
    public long spooled() {
        return spooled.get();
    }

    /**
     * Delivers what it can in a few seconds, then spools what is still queued; what is not delivered waits on
     * disk for the next start. The server has stopped taking calls before.
     */
    @Override
    public void close() {
        closing = true;
        wake.release();
        try {
            forwarder.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forwarder.interrupt();
        spoolWriter.close();
        long left = spool.read(UsageTable::count);
        if (left > 0) {
            log.warn("{} usage records stay in this node's spool; they are delivered when it starts again", left);
        }
        spool.close();
    }
}
