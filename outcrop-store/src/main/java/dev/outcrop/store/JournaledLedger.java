package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageRecord;
import dev.outcrop.util.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger a call's answer waits for: a record is durable once it is in the {@link UsageJournal}, an
 * append-only file written with group commit (each batch one write and, with {@link Durability#DISK}, one
 * {@code fdatasync}); right after, the journal hands it to the table (a {@link JdbcLedger}, or a cluster node's
 * {@link ForwardingLedger}), which commits many records at a time off the calls' path. A journal segment is
 * deleted once the table has every record in it durably; segments left by a crash are loaded into the table
 * when the ledger opens, before it takes a record (the table keeps one row per request id, so a record loaded
 * twice counts once).
 *
 * <p>Why: a SQLite commit of a few records costs ~340 µs of CPU (the pages it rewrites, the log's locks, the
 * sync) against ~60 µs for a write and a sync of the same records here; the table's commits, each of hundreds of
 * records, spread their cost thin (docs/benchmarks.md, "The ledger's journal").
 */
public final class JournaledLedger implements Ledger {
    /** How the table commits records from the journal: at most every 20 ms, each commit all that waits. */
    public static final GroupCommit TABLE_COMMITS = new GroupCommit(Duration.ofMillis(20), 1);
    /** The directory of the journal's segments, in the data directory. */
    public static final String DIRECTORY = "ledger-journal";
    private static final Logger log = LoggerFactory.getLogger(JournaledLedger.class);
    private static final int MAX_BATCH = 2000;
    private static final long FLUSH_WAIT_SECONDS = 10;

    /** A record to journal, or (record null) a reader waiting for the table to have every record before it. */
    private record Pending(UsageRecord record, CompletableFuture<Void> done) {}

    private final UsageJournal journal;
    private final Ledger table;
    private final BatchWriter<Pending> writer;
    private volatile boolean closed;
    /** The table's future of the last record handed to it; the writer's only. */
    private CompletableFuture<Void> lastHandOff = CompletableFuture.completedFuture(null);
    /** The segment the batch being committed went to; the writer's only. */
    private UsageJournal.Segment written;
    /** Batches journaled; written by the writer only. */
    private volatile long commits;

    /**
     * Opens the journal in {@code dir}, loads what an earlier run left there into {@code table}, and starts the
     * journal's writer. The ledger owns {@code table} from here on and closes it.
     *
     * @throws StoreException when the journal's directory cannot be used
     */
    public JournaledLedger(Path dir, Ledger table, Durability durability, GroupCommit groupCommit) {
        this(dir, table, durability, groupCommit, UsageJournal.SEGMENT_BYTES);
    }

    /** As the public constructor, with segments of {@code segmentBytes}. */
    JournaledLedger(Path dir, Ledger table, Durability durability, GroupCommit groupCommit, long segmentBytes) {
        this.table = requireNonNull(table, "table");
        try {
            this.journal = new UsageJournal(dir, durability, segmentBytes);
            recover();
        } catch (IOException e) {
            throw new StoreException("cannot open the usage journal in " + dir + ": " + e.getMessage(), e);
        }
        this.writer = new BatchWriter<>("outcrop-journal", groupCommit, MAX_BATCH, this::write, this::handOff,
                journal::seal, log);
    }

    /** Loads the segments of an earlier run into the table, then deletes them. */
    private void recover() throws IOException {
        for (Path segment : journal.leftovers()) {
            List<UsageRecord> records = UsageJournal.read(segment);
            CompletableFuture.allOf(records.stream().map(table::append).toArray(CompletableFuture[]::new)).join();
            Files.delete(segment);
            log.info("loaded {} usage records from the journal of an earlier run ({})", records.size(), segment.getFileName());
        }
    }

    @Override
    public CompletableFuture<Void> append(UsageRecord record) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new IllegalStateException("the ledger is closed"));
            return durable;
        }
        writer.add(new Pending(requireNonNull(record, "record"), durable));
        return durable;
    }

    /** Journals a batch's records (a batch of readers only writes nothing). */
    private void write(List<Pending> batch) throws IOException {
        List<UsageRecord> records = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            if (pending.record() != null) {
                records.add(pending.record());
            }
        }
        written = records.isEmpty() ? null : journal.append(records);
        if (written != null) {
            commits++; // before its callers are answered
        }
    }

    /** Answers a journaled batch's callers, then hands its records to the table. */
    private void handOff(List<Pending> batch) {
        for (Pending pending : batch) {
            if (pending.record() != null) {
                pending.done().complete(null);
            }
        }
        UsageJournal.Segment segment = written;
        for (Pending pending : batch) {
            if (pending.record() != null) {
                CompletableFuture<Void> stored = table.append(pending.record());
                stored.thenRun(segment::release); // a record the table could not take keeps its segment for the next start
                lastHandOff = stored;
            }
        }
        for (Pending pending : batch) {
            if (pending.record() == null) {
                CompletableFuture<Void> reader = pending.done();
                lastHandOff.whenComplete((done, error) -> reader.complete(null)); // the table commits in order
            }
        }
    }

    /**
     * The records of a time range, as the table has them once it has every record appended before this call
     * (waiting at most {@value #FLUSH_WAIT_SECONDS} s for its next commit).
     */
    @Override
    public List<UsageRecord> records(Instant from, Instant to) {
        if (!closed) {
            CompletableFuture<Void> flushed = new CompletableFuture<>();
            writer.add(new Pending(null, flushed));
            try {
                flushed.get(FLUSH_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("the usage table has not taken the journal's last records within {} s; reading what it has",
                        FLUSH_WAIT_SECONDS);
            }
        }
        return table.records(from, to);
    }

    /** Records queued for the journal, and those the table has not committed yet. */
    @Override
    public int backlog() {
        return (int) Math.min(Integer.MAX_VALUE, (long) writer.backlog() + table.backlog());
    }

    /** The journal's commits: each made a batch of records durable (with one disk sync with {@link Durability#DISK}). */
    @Override
    public long commits() {
        return commits;
    }

    /** Journals what is queued, lets the table commit it, and stops; what the table could not take stays journaled. */
    @Override
    public void close() {
        closed = true;
        writer.close(TimeUnit.SECONDS.toMillis(30)); // the writer seals its segment as it stops
        journal.close();
        table.close();
        try {
            int left = journal.leftovers().size();
            if (left > 0) {
                log.warn("{} usage journal segments stay; their records are loaded when Outcrop starts again", left);
            }
        } catch (IOException ignored) {
            // nothing to report
        }
    }
}
