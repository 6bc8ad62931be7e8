package dev.outcrop.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.usage.StoredAttribute;
import dev.outcrop.usage.UsageRecord;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code usage_record} table, the same statements on SQLite and PostgreSQL. A record is keyed by its
 * request id: inserting one twice (a delivery repeated after a lost acknowledgement) leaves one row.
 */
final class UsageTable {
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final int FIXED_COLUMNS = 20;
    /** The fixed columns, then one per {@link StoredAttribute}, in its order. */
    private static final String INSERT = "INSERT INTO usage_record (record_time, request_id, principal, operation, "
            + "model_id_called, target_arn, application_profile_arn, foundation_model, source_region, served_regions, "
            + "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, first_token_ms, outcome, "
            + "cost_micros, tags, request_metadata"
            + Arrays.stream(StoredAttribute.values()).map(a -> ", " + a.column()).collect(Collectors.joining())
            + ") VALUES (" + String.join(", ", Collections.nCopies(FIXED_COLUMNS + StoredAttribute.values().length, "?"))
            + ") ON CONFLICT (request_id) DO NOTHING";

    /** A stored record and its place in the table. */
    record Row(long sequence, UsageRecord record) {}

    private UsageTable() {}

    /** Inserts records (in the caller's transaction); ones already there are left as they are. */
    static void insert(Connection connection, List<UsageRecord> records) throws SQLException {
        try (PreparedStatement insert = prepareInsert(connection)) {
            insert(insert, records);
        }
    }

    /** The insert statement, for a writer that keeps it for its connection's life. */
    static PreparedStatement prepareInsert(Connection connection) throws SQLException {
        return connection.prepareStatement(INSERT);
    }

    /** Inserts records with a statement from {@link #prepareInsert}, in the caller's transaction. */
    static void insert(PreparedStatement insert, List<UsageRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        for (UsageRecord record : records) {
            bind(insert, record);
            insert.addBatch();
        }
        insert.executeBatch();
    }

    /** The records of a time range, oldest first. */
    static List<UsageRecord> between(Connection connection, Instant from, Instant to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT * FROM usage_record "
                + "WHERE record_time >= ? AND record_time < ? ORDER BY record_time, sequence")) {
            query.setLong(1, from.toEpochMilli());
            query.setLong(2, to.toEpochMilli());
            return read(query).stream().map(Row::record).toList();
        }
    }

    /** The first {@code limit} rows in the order they were stored. */
    static List<Row> oldest(Connection connection, int limit) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT * FROM usage_record ORDER BY sequence LIMIT ?")) {
            query.setInt(1, limit);
            return read(query);
        }
    }

    /** Deletes the rows up to and including {@code sequence}. */
    static void deleteThrough(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_record WHERE sequence <= ?")) {
            delete.setLong(1, sequence);
            delete.executeUpdate();
        }
    }

    /** How many rows there are. */
    static long count(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM usage_record");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<Row> read(PreparedStatement query) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(result.getLong("sequence"), record(result)));
            }
        }
        return rows;
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
            s.setString(20, JSON.writeValueAsString(r.requestMetadata()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int index = FIXED_COLUMNS;
        for (StoredAttribute attribute : StoredAttribute.values()) {
            Sql.setNullable(s, ++index, r.attribute(attribute));
        }
    }

    private static UsageRecord record(ResultSet row) throws SQLException {
        Map<String, String> tags = stringMap(row, "tags");
        Map<String, String> requestMetadata = stringMap(row, "request_metadata");
        String served = row.getString("served_regions");
        Map<String, String> attributes = new HashMap<>();
        for (StoredAttribute attribute : StoredAttribute.values()) {
            String value = row.getString(attribute.column());
            if (value != null) {
                attributes.put(attribute.key(), value);
            }
        }
        return new UsageRecord(Instant.ofEpochMilli(row.getLong("record_time")), row.getString("request_id"),
                row.getString("principal"), row.getString("operation"), row.getString("model_id_called"),
                row.getString("target_arn"), row.getString("application_profile_arn"), row.getString("foundation_model"),
                row.getString("source_region"), served.isEmpty() ? List.of() : Arrays.asList(served.split(",")),
                row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                row.getLong("cache_write_tokens"), row.getLong("latency_ms"), row.getLong("first_token_ms"),
                row.getString("outcome"), row.getLong("cost_micros"), tags, requestMetadata, attributes);
    }

    private static Map<String, String> stringMap(ResultSet row, String column) throws SQLException {
        try {
            return JSON.readValue(row.getString(column), new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new SQLException("unreadable " + column + " of usage record " + row.getString("request_id"), e);
        }
    }

}
