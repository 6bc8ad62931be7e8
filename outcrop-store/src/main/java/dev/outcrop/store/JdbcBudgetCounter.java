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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        // One round trip, one implicit transaction: lock the budgets' rows of the period (in name order, as
        // settle takes them, so the two never wait in a circle); then, in a statement that starts once the
        // locks are held and so sees every spend and hold committed before, hold the amount in this node's
        // row of every budget if all of them have room.
        String pairs = String.join(", ", Collections.nCopies(holds.size(), "(?, ?)"));
        String sql = "SELECT spent_micros FROM budget_spend WHERE (budget_name, period_start) IN (" + pairs + ") "
                + "ORDER BY budget_name FOR UPDATE; "
                + "WITH wanted (budget_name, period_start, limit_micros) AS (VALUES " + String.join(", ",
                        Collections.nCopies(holds.size(), "(CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT))"))
                + "), standing AS (SELECT w.limit_micros, s.spent_micros, (" + heldSql() + ") AS held FROM wanted w "
                + "JOIN budget_spend s ON s.budget_name = w.budget_name AND s.period_start = w.period_start) "
                + "INSERT INTO budget_hold (budget_name, period_start, node_id, reserved_micros) "
                + "SELECT budget_name, period_start, ?, CAST(? AS BIGINT) FROM wanted WHERE NOT EXISTS "
                + "(SELECT 1 FROM standing WHERE spent_micros + held + CAST(? AS BIGINT) > limit_micros) "
                + "ON CONFLICT (budget_name, period_start, node_id) DO UPDATE SET "
                + "reserved_micros = budget_hold.reserved_micros + excluded.reserved_micros RETURNING budget_name";
        boolean held = database.autoCommit(connection -> {
            try (PreparedStatement reserve = connection.prepareStatement(sql)) {
                int i = 1;
                for (Hold hold : holds) {
                    reserve.setString(i++, hold.budget().name());
                    reserve.setLong(i++, hold.periodStart().toEpochMilli());
                }
                for (Hold hold : holds) {
                    reserve.setString(i++, hold.budget().name());
                    reserve.setLong(i++, hold.periodStart().toEpochMilli());
                    reserve.setLong(i++, hold.budget().limitMicros());
                }
                reserve.setString(i++, nodeId);
                reserve.setLong(i++, liveness.toMillis());
                reserve.setString(i++, nodeId);
                reserve.setLong(i++, amountMicros);
                reserve.setLong(i, amountMicros);
                return !Sql.rows(reserve, "budget_name", row -> row.getString(1)).isEmpty();
            }
        });
        if (held) {
            return new Held(this::settle, holds, amountMicros);
        }
        // Refused: read the standing of each budget for the refusal's message (the first without room).
        List<Standing> standings = standings(budgets, now);
        for (Standing standing : standings) {
            if (standing.spentMicros() + standing.reservedMicros() + amountMicros > standing.budget().limitMicros()) {
                return new Refused(standing.budget(), standing.spentMicros(), standing.reservedMicros());
            }
        }
        Standing first = standings.getFirst();
        return new Refused(first.budget(), first.spentMicros(), first.reservedMicros());
    }

    /**
     * What calls in flight hold in the budget and period of the enclosing row {@code w} (bound: this node's id,
     * the liveness bound): this node's holds, and those of every node heard of within the bound.
     */
    private String heldSql() {
        return "SELECT COALESCE(SUM(h.reserved_micros), 0) FROM budget_hold h LEFT JOIN cluster_node n "
                + "ON n.node_id = h.node_id WHERE h.budget_name = w.budget_name AND h.period_start = w.period_start "
                + "AND (h.node_id = ? OR (n.left_at IS NULL AND n.last_seen > " + database.dialect().nowMillis() + " - ?))";
    }

    /** Releases the hold and counts the spend, in one round trip; spend rows first, in name order, as reserve. */
    private List<Spend> settle(Held held, long actualMicros, Instant now) {
        List<Budget> budgets = held.holds().stream().map(Hold::budget).toList();
        budgets.forEach(b -> startPeriod(new Hold(b, b.period().start(now))));
        return database.autoCommit(connection -> spend(connection, budgets, actualMicros, now, held));
    }

    @Override
    public List<Spend> spend(List<Budget> budgets, long actualMicros, Instant now) {
        budgets.forEach(b -> startPeriod(new Hold(b, b.period().start(now))));
        return database.autoCommit(connection -> spend(connection, budgets, actualMicros, now, null));
    }

    private List<Spend> spend(Connection connection, List<Budget> budgets, long actualMicros, Instant now, Held release)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int b = 0; b < budgets.size(); b++) {
            sql.append("UPDATE budget_spend SET spent_micros = spent_micros + ? WHERE budget_name = ? AND period_start = ? "
                    + "RETURNING budget_name, spent_micros; ");
        }
        if (release != null) {
            sql.append("UPDATE budget_hold SET reserved_micros = reserved_micros - ? WHERE node_id = ? AND "
                    + "(budget_name, period_start) IN (").append(String.join(", ",
                    Collections.nCopies(release.holds().size(), "(?, ?)"))).append(")");
        }
        Map<String, Long> after = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (Budget budget : budgets) {
                statement.setLong(i++, actualMicros);
                statement.setString(i++, budget.name());
                statement.setLong(i++, budget.period().start(now).toEpochMilli());
            }
            if (release != null) {
                statement.setLong(i++, release.amount());
                statement.setString(i++, nodeId);
                for (Hold hold : release.holds()) {
                    statement.setString(i++, hold.budget().name());
                    statement.setLong(i++, hold.periodStart().toEpochMilli());
                }
            }
            for (Object[] row : Sql.rows(statement, "budget_name", r -> new Object[] {r.getString(1), r.getLong(2)})) {
                after.put((String) row[0], (Long) row[1]);
            }
        }
        List<Spend> spends = new ArrayList<>(budgets.size());
        for (Budget budget : budgets) {
            Long total = after.get(budget.name());
            if (total != null) {
                spends.add(new Spend(budget, budget.period().start(now), total - actualMicros, total));
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
                standings.add(new Standing(hold.budget(), hold.periodStart(), spent(connection, hold),
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

    private static long spent(Connection connection, Hold hold) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT spent_micros FROM budget_spend "
                + "WHERE budget_name = ? AND period_start = ?")) {
            query.setString(1, hold.budget().name());
            query.setLong(2, hold.periodStart().toEpochMilli());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** What calls in flight hold in one budget's period (see {@link #heldSql}). */
    private long held(Connection connection, Hold hold) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT (" + heldSql() + ") FROM (SELECT "
                + "CAST(? AS VARCHAR) AS budget_name, CAST(? AS BIGINT) AS period_start) w")) {
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
