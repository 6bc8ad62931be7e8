package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outcrop.cluster.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A migrated, pooled database: SQLite in a data directory, or PostgreSQL at a JDBC URL.
 * Closing it closes the pool.
 */
public final class Database implements AutoCloseable {
    private static final String SQLITE_FILE = "outcrop.db";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Dialect dialect;
    private final HikariDataSource pool;
    /**
     * SQLite only: where a virtual thread's writes run. A writer that finds the write lock taken waits for it
     * inside SQLite's native code (its busy handler), which holds the virtual thread's carrier: an event loop,
     * when calls run on them. On a platform thread of its own the wait holds nothing else, and the caller's
     * virtual thread waits unmounted.
     */
    private final ExecutorService sqliteWriters;
    private volatile StoreException unreachable;

    private Database(Dialect dialect, HikariDataSource pool) {
        this.dialect = dialect;
        this.pool = pool;
        this.sqliteWriters = dialect == Dialect.SQLITE
                ? Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("outcrop-sqlite-write-", 0).factory())
                : null;
    }

    /**
     * Opens (creating and migrating when needed) the SQLite database in {@code dataDir}.
     * WAL journaling lets readers run beside the one writer; writes take the lock at BEGIN, so two
     * writers queue instead of deadlocking on a lock upgrade.
     */
    public static Database sqlite(Path dataDir) {
        return sqlite(dataDir, SQLITE_FILE);
    }

    /** Opens (creating and migrating when needed) the SQLite database {@code fileName} in {@code dataDir}. */
    public static Database sqlite(Path dataDir, String fileName) {
        requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(fileName).toAbsolutePath();
        ownerOnly(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(sqlite);
        hikari.setPoolName("outcrop-sqlite");
        hikari.setMaximumPoolSize(8);
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        return open(Dialect.SQLITE, hikari);
    }

    /**
     * Makes the database file owner-only ({@code rw-------}), creating it empty when it is new (SQLite takes
     * an empty file for an empty database). SQLite would create it {@code 0644}, readable by every user of
     * the host, and it creates the {@code -wal} and {@code -shm} files with the database file's own mode, so
     * an owner-only database file makes all three owner-only. Those of an earlier start are narrowed too.
     */
    private static void ownerOnly(Path file) {
        try {
            if (!Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
                return;
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException existing) {
                // narrowed below with its companions
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path each = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(each, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(each, OWNER_ONLY);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " readable by its owner only", e);
        }
    }

    /** How a node talks to PostgreSQL. */
    public record PostgresSettings(int maxConnections, Duration connectTimeout, Duration socketTimeout,
                                   Duration startupWait, String applicationName) {
        /** Checks the members. */
        public PostgresSettings {
            requireNonNull(connectTimeout, "connectTimeout");
            requireNonNull(socketTimeout, "socketTimeout");
            requireNonNull(startupWait, "startupWait");
            requireNonNull(applicationName, "applicationName");
        }
    }

    /**
     * Opens (migrating when needed) a PostgreSQL database. A database that cannot be reached fails a
     * connection within {@code connectTimeout} and a statement whose answer stops coming within
     * {@code socketTimeout}, so a node finds out quickly and degrades; at start-up it waits up to
     * {@code startupWait} for the database to come up. Nodes that start together migrate one at a time
     * (Flyway takes an advisory lock).
     */
    public static Database postgresql(PostgresUrl url, PostgresSettings settings) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url.jdbcUrl());
        hikari.setUsername(url.user());
        hikari.setPassword(url.password());
        hikari.setPoolName("outcrop-postgresql");
        hikari.setMaximumPoolSize(settings.maxConnections());
        hikari.setMinimumIdle(Math.min(2, settings.maxConnections()));
        hikari.setConnectionTimeout(settings.connectTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), 1000));
        hikari.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        hikari.setInitializationFailTimeout(settings.startupWait().toMillis());
        hikari.addDataSourceProperty("connectTimeout", Math.max(1, settings.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty("socketTimeout", Math.max(1, settings.socketTimeout().toSeconds()));
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        hikari.addDataSourceProperty("reWriteBatchedInserts", true); // a batch of records: one multi-row INSERT
        hikari.addDataSourceProperty("ApplicationName", settings.applicationName());
        return open(Dialect.POSTGRESQL, hikari);
    }

    private static Database open(Dialect dialect, HikariConfig hikari) {
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.migrationPlaceholders())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(dialect, pool);
    }

    /** The dialect of this database. */
    Dialect dialect() {
        return dialect;
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in one transaction, committing when it returns and rolling back when it throws.
     *
     * @throws StoreException when the database fails, at once while it is known to be unreachable
     */
    public <T> T inTransaction(SqlWork<T> work) {
        failFastWhileUnreachable();
        return offVirtualThreads(() -> transaction(work));
    }

    /**
     * Runs {@code work} in one transaction even while the database is known to be unreachable, to find out
     * whether it answers again (the heartbeat); when it does, every caller may use it again.
     */
    public <T> T probe(SqlWork<T> work) {
        T result = offVirtualThreads(() -> transaction(work));
        unreachable = null;
        return result;
    }

    private <T> T transaction(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("database transaction failed", e);
        } catch (AssertionError e) {
            throw failure("database connection lost", e);
        }
    }

    /**
     * Runs read-only {@code work} on a pooled connection in auto-commit mode, on the calling thread (readers of
     * SQLite's write-ahead log never wait for the writer).
     */
    public <T> T read(SqlWork<T> work) {
        failFastWhileUnreachable();
        return statements(work);
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode. On PostgreSQL, the statements of one
     * prepared statement ({@code "SELECT ... FOR UPDATE; INSERT ..."}) travel in one round trip and run as one
     * implicit transaction, so a lock is held for the server's work only, not for round trips.
     */
    public <T> T autoCommit(SqlWork<T> work) {
        failFastWhileUnreachable();
        return offVirtualThreads(() -> statements(work));
    }

    private <T> T statements(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("database read failed", e);
        } catch (AssertionError e) {
            throw failure("database connection lost", e);
        }
    }

    /** Runs {@code write} on a platform thread of {@link #sqliteWriters} when SQLite is written from a virtual thread. */
    private <T> T offVirtualThreads(Supplier<T> write) {
        if (sqliteWriters == null || !Thread.currentThread().isVirtual()) {
            return write.get();
        }
        Future<T> done = sqliteWriters.submit(write::get);
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new StoreException("database write failed", e.getCause(), false);
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing to the database", e, false);
        }
    }

    /** Whether the last attempt found the database unreachable (it is then not tried until a probe succeeds). */
    public boolean reachable() {
        return unreachable == null;
    }

    /**
     * While a shared database is unreachable, a caller fails at once instead of waiting out the connection
     * timeout: the hot path serves what it knows without stalling, and only the heartbeat's probe waits.
     */
    private void failFastWhileUnreachable() {
        StoreException known = unreachable;
        if (known != null) {
            throw new StoreException("the database is unreachable", known.getCause(), true);
        }
    }

    /**
     * A failure; a lost or refused connection marks a shared database unreachable. The PostgreSQL driver
     * fails an assertion, instead of throwing, when the connection closes in the middle of a batch
     * (BatchResultHandler: "getAutoCommit() should not throw"): it is a lost connection like any other.
     */
    private StoreException failure(String message, Throwable cause) {
        boolean lost = connectionLost(cause);
        StoreException failure = new StoreException(message, cause, lost);
        if (dialect == Dialect.POSTGRESQL && lost) {
            unreachable = failure;
        }
        return failure;
    }

    private static boolean connectionLost(Throwable cause) {
        if (cause instanceof AssertionError || cause instanceof java.sql.SQLTransientConnectionException) {
            return true;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true; // SQLSTATE class 08: connection exception
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (sqliteWriters != null) {
            sqliteWriters.shutdown();
        }
        pool.close();
    }

    /** Work on a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        /** Does the work. */
        T run(Connection connection) throws SQLException;
    }
}
