package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger in SQL, with group commit: one writer thread takes every record queued since its last
 * commit, inserts them in one transaction on its own connection, and completes their futures once the
 * commit is durable. Under load, batches grow by themselves (records queue while a commit is in flight);
 * when idle, a record is committed at once. On SQLite the writer's connection syncs every commit
 * ({@code synchronous=FULL}), so a record whose future completed survives a killed process and a power cut.
 * A failed commit is retried until it succeeds; records are never dropped while the process lives.
 */
public final class JdbcLedger implements Ledger {
    private static final Logger log = LoggerFactory.getLogger(JdbcLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 2000;
    private static final String INSERT = "INSERT INTO usage_record (record_time, request_id, principal, operation, "
            + "model_id_called, target_arn, application_profile_arn, foundation_model, source_region, served_regions, "
            + "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, first_token_ms, outcome, "
            + "cost_micros, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (request_id) DO NOTHING";

    private record Pending(UsageRecord record, CompletableFuture<Void> durable) {}

    private static final Pending STOP = new Pending(null, null);

    private final Database database;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    /** Used by the writer thread only. */
    private Connection connection;

    /** Starts the ledger's writer over a migrated database. */
    public JdbcLedger(Database database) {
        this.database = requireNonNull(database, "database");
        this.writer = Thread.ofPlatform().daemon().name("outcrop-ledger-writer").start(this::write);
    }

    @Override
    public CompletableFuture<Void> append(UsageRecord record) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new IllegalStateException("the ledger is closed"));
            return durable;
        }
        queue.add(new Pending(record, durable));
        return durable;
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
     * The writer's own connection. On SQLite it syncs every commit: the pragma is set once, outside any
     * transaction (SQLite refuses to change it inside one), and holds for the connection's life.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = database.dataSource().getConnection();
            if (database.dialect() == Dialect.SQLITE) {
                try (Statement pragma = fresh.createStatement()) {
                    pragma.execute("PRAGMA synchronous = FULL");
                }
            }
            connection = fresh;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
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
        Connection c = connection();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Pending pending : batch) {
                bind(insert, pending.record());
                insert.addBatch();
            }
            insert.executeBatch();
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

    private static void bind(PreparedStatement s, UsageRecord r) throws SQLException {
        s.setLong(1, r.time().toEpochMilli());
        s.setString(2, r.requestId());
        s.setString(3, r.principal());
        s.setString(4, r.operation());
        s.setString(5, r.modelIdCalled());
        Sql.setNullable(s, 6, r.targetArn());
        Sql.setNullable(s, 7, r.applicationProfileArn());
        Sql.setNullable(s, 8, r.foundationModel());
        Sql.setNullable(s, 9, r.sourceRegion());
        s.setString(10, String.join(",", r.servedRegions()));
        s.setLong(11, r.inputTokens());
        s.setLong(12, r.outputTokens());
        s.setLong(13, r.cacheReadTokens());
        s.setLong(14, r.cacheWriteTokens());
        s.setLong(15, r.latencyMillis());
        s.setLong(16, r.firstTokenMillis());
        s.setString(17, r.outcome());
        s.setLong(18, r.costMicros());
        try {
            s.setString(19, JSON.writeValueAsString(r.tags()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public List<UsageRecord> records(Instant from, Instant to) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM usage_record "
                    + "WHERE record_time >= ? AND record_time < ? ORDER BY record_time, sequence")) {
                query.setLong(1, from.toEpochMilli());
                query.setLong(2, to.toEpochMilli());
                List<UsageRecord> records = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        records.add(record(rows));
                    }
                }
                return records;
            }
        });
    }

    private static UsageRecord record(ResultSet row) throws SQLException {
        Map<String, String> tags;
        try {
            tags = JSON.readValue(row.getString("tags"), new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new SQLException("unreadable tags of usage record " + row.getString("request_id"), e);
        }
        String served = row.getString("served_regions");
        return new UsageRecord(Instant.ofEpochMilli(row.getLong("record_time")), row.getString("request_id"),
                row.getString("principal"), row.getString("operation"), row.getString("model_id_called"),
                row.getString("target_arn"), row.getString("application_profile_arn"), row.getString("foundation_model"),
                row.getString("source_region"), served.isEmpty() ? List.of() : Arrays.asList(served.split(",")),
                row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                row.getLong("cache_write_tokens"), row.getLong("latency_ms"), row.getLong("first_token_ms"),
                row.getString("outcome"), row.getLong("cost_micros"), tags);
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
    }
}
