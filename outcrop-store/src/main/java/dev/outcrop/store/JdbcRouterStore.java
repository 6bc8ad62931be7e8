package dev.outcrop.store;

import static java.util.Objects.requireNonNull;

import dev.outcrop.router.CascadeCheck;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterType;
import dev.outcrop.router.RouterStore;
import dev.outcrop.router.RoutingMode;
import dev.outcrop.tag.Tag;
import dev.outcrop.cluster.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Custom prompt routers in SQL, the same statements on SQLite and PostgreSQL; their tags in {@code resource_tag}. */
public final class JdbcRouterStore implements RouterStore {
    private static final String COLUMNS = "sequence, id, account_id, region, name, description, model_arns, "
            + "fallback_model_arn, response_quality_difference, routing_mode, client_request_token, request_fingerprint, "
            + "created_at, updated_at, escalate_on";

    private final Database database;

    /** Creates the store over a migrated database. */
    public JdbcRouterStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    @Override
    public InsertResult insert(PromptRouter router, List<Tag> tags, String resourceArn) {
        try {
            return database.inTransaction(connection -> {
                long sequence;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prompt_router (id, account_id, "
                        + "region, name, description, model_arns, fallback_model_arn, response_quality_difference, "
                        + "routing_mode, client_request_token, request_fingerprint, created_at, updated_at, escalate_on) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, router.id());
                    insert.setString(2, router.accountId());
                    insert.setString(3, router.region());
                    insert.setString(4, router.name());
                    Sql.setNullable(insert, 5, router.description());
                    insert.setString(6, String.join("\n", router.modelArns()));
                    insert.setString(7, router.fallbackModelArn());
                    insert.setDouble(8, router.responseQualityDifference());
                    insert.setString(9, router.mode().name());
                    Sql.setNullable(insert, 10, router.clientRequestToken());
                    insert.setString(11, router.requestFingerprint());
                    insert.setLong(12, router.createdAt().toEpochMilli());
                    insert.setLong(13, router.updatedAt().toEpochMilli());
                    Sql.setNullable(insert, 14, escalateOn(router));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        sequence = keys.getLong(1);
                    }
                }
                JdbcProfileStore.putTags(connection, resourceArn, tags);
                return new InsertResult.Inserted(router.withSequence(sequence));
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || !JdbcProfileStore.isUniqueViolation(sql)) {
                throw e;
            }
            // Which constraint failed: the token (a retry racing its twin), the name, or the random id.
            if (router.clientRequestToken() != null) {
                Optional<PromptRouter> earlier = findByToken(router.accountId(), router.region(),
                        router.clientRequestToken());
                if (earlier.isPresent()) {
                    return new InsertResult.TokenTaken(earlier.get());
                }
            }
            if (!findWhere("account_id = ? AND region = ? AND name = ?", router.accountId(), router.region(),
                    router.name()).isEmpty()) {
                return new InsertResult.NameTaken(router.name());
            }
            return new InsertResult.IdTaken();
        }
    }

    @Override
    public Optional<PromptRouter> find(String accountId, String region, String id) {
        return findWhere("account_id = ? AND region = ? AND id = ?", accountId, region, id).stream().findFirst();
    }

    @Override
    public Optional<PromptRouter> findByToken(String accountId, String region, String clientRequestToken) {
        return findWhere("account_id = ? AND region = ? AND client_request_token = ?", accountId, region,
                clientRequestToken).stream().findFirst();
    }

    private List<PromptRouter> findWhere(String where, String... args) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM prompt_router WHERE " + where)) {
                for (int i = 0; i < args.length; i++) {
                    query.setString(i + 1, args[i]);
                }
                return routers(query);
            }
        });
    }

    @Override
    public List<PromptRouter> list(String accountId, String region, long afterSequence, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM prompt_router "
                    + "WHERE account_id = ? AND region = ? AND sequence > ? ORDER BY sequence LIMIT ?")) {
                query.setString(1, accountId);
                query.setString(2, region);
                query.setLong(3, afterSequence);
                query.setInt(4, limit);
                return routers(query);
            }
        });
    }

    @Override
    public boolean configure(PromptRouter configured) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE prompt_router SET routing_mode = ?, "
                    + "escalate_on = ?, updated_at = ? WHERE account_id = ? AND region = ? AND id = ?")) {
                update.setString(1, configured.mode().name());
                Sql.setNullable(update, 2, escalateOn(configured));
                update.setLong(3, configured.updatedAt().toEpochMilli());
                update.setString(4, configured.accountId());
                update.setString(5, configured.region());
                update.setString(6, configured.id());
                return update.executeUpdate() > 0;
            }
        });
    }

    /** The checks of a cascading router as stored; null for a predicting one. */
    private static String escalateOn(PromptRouter router) {
        return router.mode() == RoutingMode.CASCADE ? CascadeCheck.format(router.escalateOn()) : null;
    }

    @Override
    public boolean delete(String accountId, String region, String id, String resourceArn) {
        return database.inTransaction(connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM prompt_router WHERE account_id = ? AND region = ? AND id = ?")) {
                delete.setString(1, accountId);
                delete.setString(2, region);
                delete.setString(3, id);
                deleted = delete.executeUpdate();
            }
            try (PreparedStatement tags = connection.prepareStatement("DELETE FROM resource_tag WHERE resource_arn = ?")) {
                tags.setString(1, resourceArn);
                tags.executeUpdate();
            }
            return deleted > 0;
        });
    }

    private static List<PromptRouter> routers(PreparedStatement query) throws SQLException {
        List<PromptRouter> routers = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                routers.add(new PromptRouter(row.getString("id"), PromptRouterType.CUSTOM, row.getString("account_id"),
                        row.getString("region"), row.getString("name"), row.getString("description"),
                        Arrays.asList(row.getString("model_arns").split("\n")), row.getString("fallback_model_arn"),
                        row.getDouble("response_quality_difference"), RoutingMode.valueOf(row.getString("routing_mode")),
                        Instant.ofEpochMilli(row.getLong("created_at")), Instant.ofEpochMilli(row.getLong("updated_at")),
                        row.getString("client_request_token"), row.getString("request_fingerprint"),
                        row.getLong("sequence"), escalateOn(RoutingMode.valueOf(row.getString("routing_mode")),
                                row.getString("escalate_on"))));
            }
        }
        return routers;
    }

    /** A router made cascading by its tag at creation, before it was configured, checks the defaults. */
    private static Set<CascadeCheck> escalateOn(RoutingMode mode, String stored) {
        if (mode != RoutingMode.CASCADE) {
            return Set.of();
        }
        return stored == null ? CascadeCheck.DEFAULTS : CascadeCheck.parse(stored);
    }
}
