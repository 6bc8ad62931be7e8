package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.usage.Budget;
import dev.outcrop.usage.BudgetCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets counted in the shared PostgreSQL database, so that a budget holds for every node together. A
 * reservation locks each budget's row of the period (in name order), adds the holds of the calls in flight on
 * every live node, and holds its amount in this node's row only if every budget has room: check and hold are
 * one transaction. A node that stops beating no longer holds anything, so a crashed node's calls in flight
 * do not block a budget for ever.
 */
public final class JdbcBudgetCounter implements BudgetCounter {
    private final Database database;
    private final String nodeId;
    private final Duration liveness;
    private final History history;
    private final Set<String> periodsStarted = ConcurrentHashMap.newKeySet();

    /**
     * Counts in {@code database} (PostgreSQL) for node {@code nodeId}; a node not heard of for
     * {@code liveness} holds nothing; a period first counted starts at what {@code history} says was spent.
     */
    public JdbcBudgetCounter(Database database, String nodeId, Duration liveness, History history) {
        this.database = requireNonNull(database, "database");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.liveness = requireNonNull(liveness, "liveness");
        this.history = requireNonNull(history, "history");
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("cluster budgets need PostgreSQL; one node counts them in memory");
        }
    }

    @Override
    public Result reserve(List<Budget> budgets, Instant now, long amountMicros) {
        List<Hold> holds = budgets.stream().map(b -> new Hold(b, b.period().start(now))).toList();
        holds.forEach(this::startPeriod);
        return database.inTransaction(connection -> {
            for (Hold hold : holds) {
                long spent = lockSpent(connection, hold);
                long held = held(connection, hold);
                if (spent + held + amountMicros > hold.budget().limitMicros()) {
                    return new Refused(hold.budget(), spent, held); // the commit only releases the locks
                }
            }
            try (PreparedStatement add = connection.prepareStatement("INSERT INTO budget_hold (budget_name, period_start, "
                    + "node_id, reserved_micros) VALUES (?, ?, ?, ?) ON CONFLICT (budget_name, period_start, node_id) "
                    + "DO UPDATE SET reserved_micros = budget_hold.reserved_micros + excluded.reserved_micros")) {
                for (Hold hold : holds) {
                    add.setString(1, hold.budget().name());
                    add.setLong(2, hold.periodStart().toEpochMilli());
                    add.setString(3, nodeId);
                    add.setLong(4, amountMicros);
                    add.addBatch();
                }
                add.executeBatch();
            }
            return new Held(this::settle, holds, amountMicros);
        });
    }

    private List<Spend> settle(Held held, long actualMicros, Instant now) {
        List<Budget> budgets = held.holds().stream().map(Hold::budget).toList();
        budgets.forEach(b -> startPeriod(new Hold(b, b.period().start(now))));
        // The spend rows first, then the holds: the order reserve takes them in, so the two never wait in a circle.
        return database.inTransaction(connection -> {
            List<Spend> spends = spend(connection, budgets, actualMicros, now);
            try (PreparedStatement release = connection.prepareStatement("UPDATE budget_hold SET reserved_micros = "
                    + "reserved_micros - ? WHERE budget_name = ? AND period_start = ? AND node_id = ?")) {
                for (Hold hold : held.holds()) {
                    release.setLong(1, held.amount());
                    release.setString(2, hold.budget().name());
                    release.setLong(3, hold.periodStart().toEpochMilli());
                    release.setString(4, nodeId);
                    release.addBatch();
                }
                release.executeBatch();
            }
            return spends;
        });
    }

    @Override
    public List<Spend> spend(List<Budget> budgets, long actualMicros, Instant now) {
        budgets.forEach(b -> startPeriod(new Hold(b, b.period().start(now))));
        return database.inTransaction(connection -> spend(connection, budgets, actualMicros, now));
    }

    private static List<Spend> spend(Connection connection, List<Budget> budgets, long actualMicros, Instant now)
            throws SQLException {
        List<Spend> spends = new ArrayList<>(budgets.size());
        try (PreparedStatement add = connection.prepareStatement("UPDATE budget_spend SET spent_micros = spent_micros + ? "
                + "WHERE budget_name = ? AND period_start = ? RETURNING spent_micros")) {
            for (Budget budget : budgets) {
                Instant periodStart = budget.period().start(now);
                add.setLong(1, actualMicros);
                add.setString(2, budget.name());
                add.setLong(3, periodStart.toEpochMilli());
                try (ResultSet row = add.executeQuery()) {
                    if (row.next()) {
                        long after = row.getLong(1);
                        spends.add(new Spend(budget, periodStart, after - actualMicros, after));
                    }
                }
            }
        }
        return spends;
    }

    @Override
    public List<Standing> standings(List<Budget> budgets, Instant now) {
        List<Hold> holds = budgets.stream().map(b -> new Hold(b, b.period().start(now))).toList();
        holds.forEach(this::startPeriod);
        return database.read(connection -> {
            List<Standing> standings = new ArrayList<>(holds.size());
            for (Hold hold : holds) {
                standings.add(new Standing(hold.budget(), hold.periodStart(), spent(connection, hold, false),
                        held(connection, hold)));
            }
            return standings;
        });
    }

    /**
     * Makes sure a budget's period has its row, starting at the spend the ledger already has for it (a budget
     * added in the middle of a month counts the month's earlier calls). Whoever inserts first wins.
     */
    private void startPeriod(Hold hold) {
        String key = hold.budget().name() + '@' + hold.periodStart().toEpochMilli();
        if (periodsStarted.contains(key)) {
            return;
        }
        boolean exists = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM budget_spend WHERE budget_name = ? AND period_start = ?")) {
                query.setString(1, hold.budget().name());
                query.setLong(2, hold.periodStart().toEpochMilli());
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            }
        });
        if (!exists) {
            long spent = history.spentMicros(hold.budget(), hold.periodStart());
            database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO budget_spend (budget_name, "
                        + "period_start, spent_micros) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, hold.budget().name());
                    insert.setLong(2, hold.periodStart().toEpochMilli());
                    insert.setLong(3, spent);
                    insert.executeUpdate();
                }
                return null;
            });
        }
        periodsStarted.add(key);
    }

    private static long lockSpent(Connection connection, Hold hold) throws SQLException {
        return spent(connection, hold, true);
    }

    private static long spent(Connection connection, Hold hold, boolean lock) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT spent_micros FROM budget_spend "
                + "WHERE budget_name = ? AND period_start = ?" + (lock ? " FOR UPDATE" : ""))) {
            query.setString(1, hold.budget().name());
            query.setLong(2, hold.periodStart().toEpochMilli());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** What calls in flight hold: this node's, and those of every node heard of within the liveness bound. */
    private long held(Connection connection, Hold hold) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COALESCE(SUM(h.reserved_micros), 0) "
                + "FROM budget_hold h LEFT JOIN cluster_node n ON n.node_id = h.node_id "
                + "WHERE h.budget_name = ? AND h.period_start = ? AND (h.node_id = ? OR (n.left_at IS NULL AND "
                + "n.last_seen > " + database.dialect().nowMillis() + " - ?))")) {
            query.setString(1, hold.budget().name());
            query.setLong(2, hold.periodStart().toEpochMilli());
            query.setString(3, nodeId);
            query.setLong(4, liveness.toMillis());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
