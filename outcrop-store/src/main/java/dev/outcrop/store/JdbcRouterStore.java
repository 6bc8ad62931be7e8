package dev.outcrop.store;

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

/** Custom prompt routers in SQL, the same statements on SQLite and PostgreSQL; their tags in {@code resource_tag}. */
public final class JdbcRouterStore extends JdbcResourceStore<PromptRouter> implements RouterStore {

    /** Creates the store over a migrated database. */
    public JdbcRouterStore(Database database) {
        super(database, "prompt_router", List.of("description", "model_arns", "fallback_model_arn",
                "response_quality_difference", "routing_mode"), JdbcRouterStore::bind, JdbcRouterStore::router,
                PromptRouter::withSequence);
    }

    private static void bind(PreparedStatement insert, int first, PromptRouter router) throws SQLException {
        Sql.setNullable(insert, first, router.description());
        insert.setString(first + 1, String.join("\n", router.modelArns()));
        insert.setString(first + 2, router.fallbackModelArn());
        insert.setDouble(first + 3, router.responseQualityDifference());
        insert.setString(first + 4, router.mode().name());
    }

    private static PromptRouter router(ResultSet row) throws SQLException {
        return new PromptRouter(row.getString("id"), PromptRouterType.CUSTOM, row.getString("account_id"),
                row.getString("region"), row.getString("name"), row.getString("description"),
                Arrays.asList(row.getString("model_arns").split("\n")), row.getString("fallback_model_arn"),
                row.getDouble("response_quality_difference"), RoutingMode.valueOf(row.getString("routing_mode")),
                Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
                row.getString("client_request_token"), row.getString("request_fingerprint"), row.getLong("sequence"));
    }
}
