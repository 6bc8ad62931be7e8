package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger in SQL, with group commit: one writer thread takes every record queued since its last
 * commit, inserts them in one transaction on its own connection, and completes their futures once the
 * commit is durable. Under load, batches grow by themselves (records queue while a commit is in flight);
 * when idle, a record is committed at once. On SQLite the writer's connection syncs every commit
 * ({@code synchronous=FULL}), so a record whose future completed survives a killed process and a power cut;
 * with {@link Durability#OS}, commits reach the operating system unsynced ({@code synchronous=NORMAL}): a
 * killed process loses nothing, a power cut may lose the last commits.
 * A failed commit is retried until it succeeds; records are never dropped while the process lives.
 */
public final class JdbcLedger implements Ledger {
    private static final Logger log = LoggerFactory.getLogger(JdbcLedger.class);
    private static final int MAX_BATCH = 2000;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(200);

    /** A record to insert, or (record null) rows to delete up to {@code forgetThrough}. */
    private record Pending(UsageRecord record, CompletableFuture<Void> durable, long forgetThrough) {}

    private static final Pending STOP = new Pending(null, null, 0);

    private final Database database;
    private final Durability durability;
    private final GroupCommit groupCommit;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /**
     * Held by the writer for each transaction, and by the checkpointer to restart the log between them. Fair: the
     * writer takes it again at once after each commit, and an unfair lock lets it barge ahead of a waiting
     * checkpointer commit after commit; a fair one hands the checkpointer the lock when the commit in flight ends.
     * (The log can still outgrow its restart bound by what commits write while one checkpoint round runs, which a
     * slow disk sync of the database file can make a quarter of a second: see {@code WalGrowthBenchmark}.)
     */
    private final ReentrantLock transaction = new ReentrantLock(true);
    private final Thread writer;
    private final SqliteCheckpointer checkpointer;
    private volatile boolean closed;
    /** Transactions committed; written by the writer only. */
    private volatile long commits;
    /** Used by the writer thread only. */
    private Connection connection;
    private PreparedStatement insertStatement;

    /** Starts the ledger's writer over a migrated database, syncing every commit to disk. */
    public JdbcLedger(Database database) {
        this(database, Durability.DISK);
    }

    /** Starts the ledger's writer over a migrated database, with the given durability on SQLite. */
    public JdbcLedger(Database database, Durability durability) {
        this(database, durability, GroupCommit.DEFAULT);
    }

    /** As {@link #JdbcLedger(Database, Durability)}, gathering records into commits as {@code groupCommit} says. */
    public JdbcLedger(Database database, Durability durability, GroupCommit groupCommit) {
        this(database, durability, groupCommit, CHECKPOINT_INTERVAL, SqliteCheckpointer.DEFAULT_RESTART_FRAMES);
    }

    /** As {@link #JdbcLedger(Database, Durability, GroupCommit)}, with the SQLite checkpointer's interval and log bound. */
    JdbcLedger(Database database, Durability durability, GroupCommit groupCommit, Duration checkpointInterval,
               int restartFrames) {
        this.database = requireNonNull(database, "database");
        this.durability = requireNonNull(durability, "durability");
        this.groupCommit = requireNonNull(groupCommit, "groupCommit");
        this.checkpointer = database.dialect() == Dialect.SQLITE
                ? new SqliteCheckpointer(database, checkpointInterval, restartFrames, transaction) : null;
        this.writer = Thread.ofPlatform().daemon().name("outcrop-ledger-writer").start(this::write);
    }

    @Override
    public CompletableFuture<Void> append(UsageRecord record) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new IllegalStateException("the ledger is closed"));
            return durable;
        }
        queue.add(new Pending(record, durable, 0));
        return durable;
    }

    /**
     * Deletes the rows up to and including {@code sequence} (a spool's rows that were delivered), in the
     * writer's next transaction: the writer is the database's only writer, so the delete never waits for it.
     */
    public CompletableFuture<Void> forget(long sequence) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the ledger is closed"));
            return done;
        }
        queue.add(new Pending(null, done, sequence));
        return done;
    }

    /** Transactions committed so far, each one sync to disk with {@link Durability#DISK}: batches are records / commits. */
    @Override
    public long commits() {
        return commits;
    }

    @Override
    public int backlog() {
        return queue.size();
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Pending first = queue.take();
                batch.clear();
                if (first == STOP) {
                    stopping = true;
                } else {
                    batch.add(first);
                }
                queue.drainTo(batch, MAX_BATCH);
                if (!stopping && batch.size() < MAX_BATCH && groupCommit.waitsFor(batch.size()) && !batch.contains(STOP)) {
                    // Records arrive faster than commits: let one sync serve the next moment's records too.
                    TimeUnit.NANOSECONDS.sleep(groupCommit.delay().toNanos());
                    queue.drainTo(batch, MAX_BATCH - batch.size());
                }
                if (batch.remove(STOP)) {
                    stopping = true;
                }
                if (!batch.isEmpty()) {
                    commitUntilDone(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeConnection();
    }

    private void commitUntilDone(List<Pending> batch) throws InterruptedException {
        long backoff = 10;
        while (true) {
            try {
                insert(batch);
                commits++; // the writer is the only writer of the field
                batch.forEach(p -> p.durable().complete(null));
                return;
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                log.warn("ledger commit of {} records failed; retrying in {} ms: {}", batch.size(), backoff, cause.toString());
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * The writer's own connection. On SQLite its sync level is the ledger's durability: the pragma is set
     * once, outside any transaction (SQLite refuses to change it inside one), and holds for the connection's life.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = database.dataSource().getConnection();
            if (database.dialect() == Dialect.SQLITE) {
                try (Statement pragma = fresh.createStatement()) {
                    pragma.execute(durability == Durability.DISK ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                }
                SqliteCheckpointer.disableAutomaticCheckpoints(fresh);
            }
            connection = fresh;
            insertStatement = UsageTable.prepareInsert(fresh); // prepared once: a batch is often one record
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                if (insertStatement != null) {
                    insertStatement.close();
                }
            } catch (SQLException ignored) {
                // the connection's close releases it too
            }
            insertStatement = null;
            try {
                connection.close();
            } catch (SQLException ignored) {
                // replaced by a new one on the next attempt
            }
            connection = null;
        }
    }

    /**
     * Inserts a batch in one transaction. Autocommit is off only for the batch: left off, the SQLite driver
     * would open the next write transaction right after the commit and keep every other writer waiting.
     */
    private void insert(List<Pending> batch) throws SQLException {
        transaction.lock();
        try {
            insertInTransaction(batch);
        } finally {
            transaction.unlock();
        }
    }

    private void insertInTransaction(List<Pending> batch) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        try {
            List<UsageRecord> records = new ArrayList<>(batch.size());
            long forget = 0;
            for (Pending pending : batch) {
                if (pending.record() != null) {
                    records.add(pending.record());
                }
                forget = Math.max(forget, pending.forgetThrough());
            }
            UsageTable.insert(insertStatement, records);
            if (forget > 0) {
                UsageTable.deleteThrough(c, forget);
            }
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is closed and replaced
            }
            throw e;
        }
    }

    @Override
    public List<UsageRecord> records(Instant from, Instant to) {
        return database.read(connection -> UsageTable.between(connection, from, to));
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
    }
}
