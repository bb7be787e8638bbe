package io.webops.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** One-statement JDBC for the small account tables: bind, run, map rows; SQL errors become {@link StoreException}. */
final class Sql {

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs an INSERT/UPDATE/DELETE; the number of rows changed. A duplicate key is an {@link IllegalStateException}. */
    int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalStateException("duplicate key", e);
            }
            throw new StoreException("statement failed: " + sql, e);
        }
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("query failed: " + sql, e);
        }
    }

    <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        return list(sql, row, params).stream().findFirst();
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        Executions.bindAll(ps, new ArrayList<>(Arrays.asList(params)));
    }
}
