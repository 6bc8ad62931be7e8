package dev.outcrop.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Binding of nullable values and reading of multi-statement results, shared by the JDBC stores. */
final class Sql {
    private Sql() {}

    /** Reads one row of a result set. */
    @FunctionalInterface
    interface RowReader<T> {
        /** The value of the current row. */
        T read(ResultSet row) throws SQLException;
    }

    /**
     * Executes a prepared statement of several statements ({@code "SELECT ... FOR UPDATE; INSERT ... RETURNING x"})
     * and reads the rows of every result whose first column is {@code firstColumn} (the {@code RETURNING}
     * ones); an {@code INSERT ... RETURNING} that inserted nothing may come back as an update count instead.
     */
    static <T> List<T> rows(PreparedStatement statement, String firstColumn, RowReader<T> reader) throws SQLException {
        List<T> rows = new ArrayList<>();
        boolean results = statement.execute();
        while (results || statement.getUpdateCount() != -1) {
            if (results) {
                try (ResultSet set = statement.getResultSet()) {
                    if (set.getMetaData().getColumnLabel(1).equalsIgnoreCase(firstColumn)) {
                        while (set.next()) {
                            rows.add(reader.read(set));
                        }
                    }
                }
            }
            results = statement.getMoreResults();
        }
        return rows;
    }

    /** {@code n} parameter marks: {@code ?, ?, ?}. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds a string, or SQL NULL for null. */
    static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Binds an instant as epoch milliseconds, or SQL NULL for null. */
    static void setNullableTime(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }
}
