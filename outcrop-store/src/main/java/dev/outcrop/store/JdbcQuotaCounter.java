package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.cluster.StoreException;
import dev.outcrop.usage.LocalQuotaCounter;
import dev.outcrop.usage.Quota;
import dev.outcrop.usage.QuotaCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota minutes counted in the shared PostgreSQL database, so that a quota holds for every node together.
 * A call locks the rows of its quotas, sums their last sixty seconds of the database's clock, and counts
 * itself only if every quota has room: check and count are one transaction (and one round trip), and no two
 * nodes can both take the last request of a minute.
 */
public final class JdbcQuotaCounter implements QuotaCounter {
    private static final Logger log = LoggerFactory.getLogger(JdbcQuotaCounter.class);
    /** The length of a quota's window, in seconds. */
    static final int WINDOW_SECONDS = LocalQuotaCounter.WINDOW_SECONDS;
    private final Database database;
    private final Set<String> locks = ConcurrentHashMap.newKeySet();

    /** Counts in {@code database}, which must be PostgreSQL. */
    public JdbcQuotaCounter(Database database) {
        this.database = requireNonNull(database, "database");
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("cluster quotas need PostgreSQL; one node counts them in memory");
        }
    }

    @Override
    public Result take(List<Quota> quotas, long tokens) {
        List<Quota> ordered = quotas.stream().sorted(Comparator.comparing(Quota::name)).toList();
        createLocks(ordered);
        // One round trip, one implicit transaction: lock the quotas' rows (in name order, so two calls never
        // wait on each other in a circle), then, in a statement that starts once the locks are held and so
        // sees every count committed before, count the call in every quota if all of them have room.
        // A quota's counts need not survive a crash of the database (they matter for a minute), so the commit
        // does not wait for the disk: the locks are released as soon as the counts are made.
        String sql = "SET LOCAL synchronous_commit = off; SELECT quota_name FROM quota_lock WHERE quota_name IN (" + Sql.marks(ordered.size())
                + ") ORDER BY quota_name FOR UPDATE; "
                + "WITH clock AS (SELECT " + database.dialect().nowMillis() + " / 1000 AS second), "
                + "limits (quota_name, max_requests, max_tokens) AS (VALUES " + String.join(", ",
                        Collections.nCopies(ordered.size(), "(CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT))"))
                + "), used AS (SELECT l.quota_name, l.max_requests, l.max_tokens, COALESCE(SUM(u.requests), 0) AS requests, "
                + "COALESCE(SUM(u.tokens), 0) AS tokens FROM limits l LEFT JOIN quota_usage u ON u.quota_name = l.quota_name "
                + "AND u.epoch_second > (SELECT second FROM clock) - " + WINDOW_SECONDS + " GROUP BY l.quota_name, "
                + "l.max_requests, l.max_tokens) "
                + "INSERT INTO quota_usage (quota_name, epoch_second, requests, tokens) "
                + "SELECT quota_name, (SELECT second FROM clock), 1, CAST(? AS BIGINT) FROM limits WHERE NOT EXISTS "
                + "(SELECT 1 FROM used WHERE (max_requests > 0 AND requests + 1 > max_requests) "
                + "OR (max_tokens > 0 AND tokens + CAST(? AS BIGINT) > max_tokens)) "
                + "ON CONFLICT (quota_name, epoch_second) DO UPDATE SET requests = quota_usage.requests + 1, "
                + "tokens = quota_usage.tokens + excluded.tokens RETURNING epoch_second";
        Long second = database.autoCommit(connection -> {
            try (PreparedStatement take = connection.prepareStatement(sql)) {
                int i = 1;
                for (Quota quota : ordered) {
                    take.setString(i++, quota.name());
                }
                for (Quota quota : ordered) {
                    take.setString(i++, quota.name());
                    take.setLong(i++, quota.requestsPerMinute());
                    take.setLong(i++, quota.tokensPerMinute());
                }
                take.setLong(i++, tokens);
                take.setLong(i, tokens);
                List<Long> counted = Sql.rows(take, "epoch_second", row -> row.getLong(1));
                return counted.isEmpty() ? null : counted.getFirst();
            }
        });
        if (second != null) {
            return new Taken(this::correct, quotas, second, tokens);
        }
        return new Refused(refusing(ordered, tokens));
    }

    /** Which quota had no room (read after the refusal, for its message; the first when it cannot tell). */
    private Quota refusing(List<Quota> ordered, long tokens) {
        Map<String, long[]> used = database.read(connection -> {
            long second;
            try (PreparedStatement clock = connection.prepareStatement("SELECT " + database.dialect().nowMillis());
                 ResultSet row = clock.executeQuery()) {
                row.next();
                second = row.getLong(1) / 1000;
            }
            return usedInWindow(connection, ordered, second);
        });
        for (Quota quota : ordered) {
            long[] sums = used.getOrDefault(quota.name(), new long[2]);
            if (quota.requestsPerMinute() > 0 && sums[0] + 1 > quota.requestsPerMinute()
                    || quota.tokensPerMinute() > 0 && sums[1] + tokens > quota.tokensPerMinute()) {
                return quota;
            }
        }
        return ordered.getFirst();
    }

    private void createLocks(List<Quota> quotas) {
        for (Quota quota : quotas) {
            if (!locks.contains(quota.name())) {
                database.inTransaction(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO quota_lock (quota_name) VALUES (?) ON CONFLICT DO NOTHING")) {
                        insert.setString(1, quota.name());
                        insert.executeUpdate();
                    }
                    return null;
                });
                locks.add(quota.name());
            }
        }
    }

    private static Map<String, long[]> usedInWindow(Connection connection, List<Quota> ordered, long second)
            throws SQLException {
        try (PreparedStatement sum = connection.prepareStatement("SELECT quota_name, SUM(requests), SUM(tokens) "
                + "FROM quota_usage WHERE quota_name IN (" + Sql.marks(ordered.size()) + ") AND epoch_second > ? "
                + "GROUP BY quota_name")) {
            bindNames(sum, ordered);
            sum.setLong(ordered.size() + 1, second - WINDOW_SECONDS);
            Map<String, long[]> used = new HashMap<>();
            try (ResultSet rows = sum.executeQuery()) {
                while (rows.next()) {
                    used.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
            return used;
        }
    }

    @Override
    public Window window(List<Quota> quotas) {
        return database.read(connection -> {
            long now;
            try (PreparedStatement clock = connection.prepareStatement("SELECT " + database.dialect().nowMillis());
                 ResultSet row = clock.executeQuery()) {
                row.next();
                now = row.getLong(1);
            }
            long second = now / 1000;
            if (quotas.isEmpty()) {
                return new Window(now, List.of());
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT quota_name, epoch_second, requests, tokens "
                    + "FROM quota_usage WHERE quota_name IN (" + Sql.marks(quotas.size()) + ") AND epoch_second > ? "
                    + "AND epoch_second <= ?")) {
                bindNames(query, quotas);
                query.setLong(quotas.size() + 1, second - WINDOW_SECONDS);
                query.setLong(quotas.size() + 2, second);
                return new Window(now, Sql.rows(query, "quota_name", row ->
                        new Count(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4))));
            }
        });
    }

    @Override
    public void add(List<Count> counts) {
        if (counts.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO quota_usage (quota_name, "
                    + "epoch_second, requests, tokens) VALUES (?, ?, ?, ?) ON CONFLICT (quota_name, epoch_second) "
                    + "DO UPDATE SET requests = quota_usage.requests + excluded.requests, "
                    + "tokens = quota_usage.tokens + excluded.tokens")) {
                for (Count count : counts) {
                    insert.setString(1, count.quota());
                    insert.setLong(2, count.second());
                    insert.setLong(3, count.requests());
                    insert.setLong(4, count.tokens());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Best effort: a correction lost while the database cannot be reached only blurs one minute's token count. */
    private void correct(Taken taken, long deltaTokens) {
        try {
            database.autoCommit(connection -> {
                try (PreparedStatement update = connection.prepareStatement("SET LOCAL synchronous_commit = off; "
                        + "UPDATE quota_usage SET tokens = tokens + ? WHERE epoch_second = ? AND quota_name IN ("
                        + Sql.marks(taken.quotas().size()) + ")")) {
                    update.setLong(1, deltaTokens);
                    update.setLong(2, taken.second());
                    for (int i = 0; i < taken.quotas().size(); i++) {
                        update.setString(i + 3, taken.quotas().get(i).name());
                    }
                    update.execute();
                }
                return null;
            });
        } catch (StoreException e) {
            log.debug("a quota's token count could not be corrected: {}", e.toString());
        }
    }

    private static void bindNames(PreparedStatement statement, List<Quota> ordered) throws SQLException {
        for (int i = 0; i < ordered.size(); i++) {
            statement.setString(i + 1, ordered.get(i).name());
        }
    }
}
