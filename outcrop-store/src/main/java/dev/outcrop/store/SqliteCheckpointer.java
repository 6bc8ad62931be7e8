package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves SQLite's write-ahead log into the database file in the background ({@code wal_checkpoint(PASSIVE)},
 * which never blocks a writer), so that the ledger's writer, whose commits answers wait for, never runs a
 * checkpoint itself: SQLite's automatic checkpoint runs in the committing connection and syncs the whole
 * database, a stall of tens of milliseconds on every answer waiting for that commit.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);

    private final Database database;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;

    SqliteCheckpointer(Database database, Duration interval) {
        this.database = requireNonNull(database, "database");
        this.interval = requireNonNull(interval, "interval");
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
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
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
