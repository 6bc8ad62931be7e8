package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.usage.Quota;
import dev.outcrop.usage.QuotaCounter;
import dev.outcrop.util.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * A call locks the rows of its quotas (in name order, so two calls never wait on each other in a circle),
 * sums their last sixty seconds of the database's clock, and counts itself only if every quota has room:
 * check and count are one transaction, and no two nodes can both take the last request of a minute.
 */
public final class JdbcQuotaCounter implements QuotaCounter {
    private static final Logger log = LoggerFactory.getLogger(JdbcQuotaCounter.class);
    /** The length of a quota's window, in seconds. */
    static final int WINDOW_SECONDS = 60;
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
        return database.inTransaction(connection -> {
            long second = lock(connection, ordered);
            Map<String, long[]> used = usedInWindow(connection, ordered, second);
            for (Quota quota : ordered) {
                long[] sums = used.getOrDefault(quota.name(), new long[2]);
                if (quota.requestsPerMinute() > 0 && sums[0] + 1 > quota.requestsPerMinute()
                        || quota.tokensPerMinute() > 0 && sums[1] + tokens > quota.tokensPerMinute()) {
                    return new Refused(quota); // the commit only releases the locks
                }
            }
            try (PreparedStatement count = connection.prepareStatement("INSERT INTO quota_usage (quota_name, "
                    + "epoch_second, requests, tokens) VALUES (?, ?, 1, ?) ON CONFLICT (quota_name, epoch_second) "
                    + "DO UPDATE SET requests = quota_usage.requests + 1, tokens = quota_usage.tokens + excluded.tokens")) {
                for (Quota quota : ordered) {
                    count.setString(1, quota.name());
                    count.setLong(2, second);
                    count.setLong(3, tokens);
                    count.addBatch();
                }
                count.executeBatch();
            }
            return new Taken(this::correct, quotas, second, tokens);
        });
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

    /** Locks the quotas' rows and answers the database clock's second, read once the locks are held. */
    private long lock(Connection connection, List<Quota> ordered) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT quota_name, "
                + database.dialect().nowMillis() + " FROM quota_lock WHERE quota_name IN (" + marks(ordered.size())
                + ") ORDER BY quota_name FOR UPDATE")) {
            bindNames(lock, ordered);
            long now = 0;
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    now = rows.getLong(2);
                }
            }
            return now / 1000;
        }
    }

    private static Map<String, long[]> usedInWindow(Connection connection, List<Quota> ordered, long second)
            throws SQLException {
        try (PreparedStatement sum = connection.prepareStatement("SELECT quota_name, SUM(requests), SUM(tokens) "
                + "FROM quota_usage WHERE quota_name IN (" + marks(ordered.size()) + ") AND epoch_second > ? "
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

    /** Best effort: a correction lost while the database cannot be reached only blurs one minute's token count. */
    private void correct(Taken taken, long deltaTokens) {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE quota_usage SET tokens = tokens + ? "
                        + "WHERE quota_name = ? AND epoch_second = ?")) {
                    for (Quota quota : taken.quotas()) {
                        update.setLong(1, deltaTokens);
                        update.setString(2, quota.name());
                        update.setLong(3, taken.second());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                return null;
            });
        } catch (StoreException e) {
            log.debug("a quota's token count could not be corrected: {}", e.toString());
        }
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bindNames(PreparedStatement statement, List<Quota> ordered) throws SQLException {
        for (int i = 0; i < ordered.size(); i++) {
            statement.setString(i + 1, ordered.get(i).name());
        }
    }
}
