package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves SQLite's write-ahead log into the database file in the background, so that the ledger's writer,
 * whose commits answers wait for, never runs a checkpoint itself: SQLite's automatic checkpoint runs in the
 * committing connection and syncs the whole database, a stall of tens of milliseconds on every answer
 * waiting for that commit.
 *
 * <p>Each round is a {@code wal_checkpoint(PASSIVE)}, which never blocks the writer. Under a steady load that
 * alone never lets the log start over: SQLite rewinds the log only when a write begins while every frame is
 * already in the database, and with commits arriving all the time one always lands during the checkpoint, so
 * the log grew for as long as the load lasted (700 MB in two minutes of a benchmark), every commit writing to
 * new, zero-filled file pages. So once the log holds {@code restartFrames} frames, the round goes on with a
 * {@code wal_checkpoint(RESTART)}: it copies the frames the passive one left and makes the next commit write
 * from the start of the log again. It runs holding the writer's gate, the lock the ledger's writer holds for
 * each transaction: left to SQLite's busy handler, which sleeps and polls, it would find the write lock free
 * only by chance between back-to-back commits. The writer waits for one checkpoint of a few frames (mostly the
 * database file's sync), once per {@code restartFrames} frames.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);

    /**
     * The log's bound before a restart: 16,384 frames, about 64 MB with 4 KiB pages. A restart stalls the writer
     * for a few milliseconds, so it should come seldom: every few seconds at this machine's full load, and at
     * 1,000 calls a second for fewer than one call in a thousand.
     */
    static final int DEFAULT_RESTART_FRAMES = 16_384;

    private final Database database;
    private final Duration interval;
    private final int restartFrames;
    private final Lock writerGate;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts checkpointing every {@code interval}, restarting the log once it holds {@code restartFrames} frames,
     * while holding {@code writerGate}, the lock the database's main writer holds around each of its transactions.
     */
    SqliteCheckpointer(Database database, Duration interval, int restartFrames, Lock writerGate) {
        this.database = requireNonNull(database, "database");
        this.interval = requireNonNull(interval, "interval");
        this.writerGate = requireNonNull(writerGate, "writerGate");
        if (restartFrames < 1) {
            throw new IllegalArgumentException("restartFrames: " + restartFrames + " (expected: >= 1)");
        }
        this.restartFrames = restartFrames;
        this.thread = Thread.ofPlatform().daemon().name("outcrop-sqlite-checkpointer").start(this::run);
    }

    /** Turns off automatic checkpoints on a connection whose commits must not stall. */
    static void disableAutomaticCheckpoints(Connection connection) throws SQLException {
        try (Statement pragma = connection.createStatement()) {
            pragma.execute("PRAGMA wal_autocheckpoint = 0");
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
                checkpoint();
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                log.warn("background checkpoint failed; the next one retries: {}", e.toString());
            }
        }
        try {
            checkpoint(); // leave as little log as possible behind
        } catch (SQLException | RuntimeException ignored) {
            // the database may be closing
        }
    }

    private void checkpoint() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            if (logFrames(statement, "PASSIVE") >= restartFrames) {
                writerGate.lock(); // no commit in flight: the restart starts at once instead of polling for the lock
                try {
                    logFrames(statement, "RESTART");
                } finally {
                    writerGate.unlock();
                }
            }
        }
    }

    /** Runs a checkpoint of the given mode; the frames the log held (-1 when SQLite answered nothing). */
    private static int logFrames(Statement statement, String mode) throws SQLException {
        try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return result.next() ? result.getInt(2) : -1;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
