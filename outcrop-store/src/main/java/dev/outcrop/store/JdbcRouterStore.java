package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.router.CascadeCheck;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterType;
import dev.outcrop.router.RouterStore;
import dev.outcrop.router.RoutingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Custom prompt routers in SQL, the same statements on SQLite and PostgreSQL; their tags in {@code resource_tag}. */
public final class JdbcRouterStore extends JdbcResourceStore<PromptRouter> implements RouterStore {
    private final Database database;

    /** Creates the store over a migrated database. */
    public JdbcRouterStore(Database database) {
        super(database, "prompt_router", List.of("description", "model_arns", "fallback_model_arn",
                "response_quality_difference", "routing_mode", "escalate_on", "min_confidence"), JdbcRouterStore::bind,
                JdbcRouterStore::router, PromptRouter::withSequence);
        this.database = requireNonNull(database, "database");
    }

    private static void bind(PreparedStatement insert, int first, PromptRouter router) throws SQLException {
        Sql.setNullable(insert, first, router.description());
        insert.setString(first + 1, String.join("\n", router.modelArns()));
        insert.setString(first + 2, router.fallbackModelArn());
        insert.setDouble(first + 3, router.responseQualityDifference());
        insert.setString(first + 4, router.mode().name());
        Sql.setNullable(insert, first + 5, escalateOn(router));
        insert.setDouble(first + 6, router.minConfidence());
    }

    private static PromptRouter router(ResultSet row) throws SQLException {
        RoutingMode mode = RoutingMode.valueOf(row.getString("routing_mode"));
        return new PromptRouter(row.getString("id"), PromptRouterType.CUSTOM, row.getString("account_id"),
                row.getString("region"), row.getString("name"), row.getString("description"),
                Arrays.asList(row.getString("model_arns").split("\n")), row.getString("fallback_model_arn"),
                row.getDouble("response_quality_difference"), mode,
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
                row.getString("client_request_token"), row.getString("request_fingerprint"), row.getLong("sequence"),
                escalateOn(mode, row.getString("escalate_on")), row.getDouble("min_confidence"));
    }

    @Override
    public boolean configure(PromptRouter configured) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE prompt_router SET routing_mode = ?, "
                    + "escalate_on = ?, min_confidence = ?, updated_at = ? WHERE account_id = ? AND region = ? AND id = ?")) {
                update.setString(1, configured.mode().name());
                Sql.setNullable(update, 2, escalateOn(configured));
                update.setDouble(3, configured.minConfidence());
                update.setLong(4, configured.updatedAt().toEpochMilli());
                update.setString(5, configured.accountId());
                update.setString(6, configured.region());
                update.setString(7, configured.id());
                return update.executeUpdate() > 0;
            }
        });
    }

    /** The checks of a cascading router as stored; null for a predicting one. */
    private static String escalateOn(PromptRouter router) {
        return router.mode() == RoutingMode.CASCADE ? CascadeCheck.format(router.escalateOn()) : null;
    }

    /** A router made cascading by its tag at creation, before it was configured, checks the defaults. */
    private static Set<CascadeCheck> escalateOn(RoutingMode mode, String stored) {
        if (mode != RoutingMode.CASCADE) {
            return Set.of();
        }
        return stored == null ? CascadeCheck.DEFAULTS : CascadeCheck.parse(stored);
    }
}
