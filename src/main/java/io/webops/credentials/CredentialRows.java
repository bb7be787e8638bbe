package io.webops.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code credentials} table: public fields as JSON text, the secret ones sealed in one value. */
final class CredentialRows {

    /** One row as stored; {@code secrets} is the sealed JSON object of the secret fields. */
    record Row(String id, String ownerId, String name, String kind, ObjectNode fields, String secrets,
               List<String> secretNames, Instant createdAt, Instant updatedAt) {
    }

    private static final String COLUMNS = "id, owner_id, name, kind, fields, secrets, secret_names, created_at, updated_at";

    private final DataSource dataSource;

    CredentialRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Row r) {
        update("INSERT INTO credentials (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, r.id());
            ps.setString(2, r.ownerId());
            ps.setString(3, r.name());
            ps.setString(4, r.kind());
            ps.setString(5, Json.write(r.fields()));
            ps.setString(6, r.secrets());
            ps.setString(7, String.join(",", r.secretNames()));
            ps.setTimestamp(8, Timestamp.from(r.createdAt()));
            ps.setTimestamp(9, Timestamp.from(r.updatedAt()));
        });
    }

    void replace(Row r) {
        update("UPDATE credentials SET name = ?, fields = ?, secrets = ?, secret_names = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, r.name());
            ps.setString(2, Json.write(r.fields()));
            ps.setString(3, r.secrets());
            ps.setString(4, String.join(",", r.secretNames()));
            ps.setTimestamp(5, Timestamp.from(r.updatedAt()));
            ps.setString(6, r.id());
        });
    }

    void updateSecrets(Connection c, String id, String sealed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE credentials SET secrets = ? WHERE id = ?")) {
            ps.setString(1, sealed);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    boolean delete(String id) {
        return update("DELETE FROM credentials WHERE id = ?", ps -> ps.setString(1, id)) == 1;
    }

    Optional<Row> get(String id) {
        List<Row> rows = query("SELECT " + COLUMNS + " FROM credentials WHERE id = ?", ps -> ps.setString(1, id));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Every credential of an owner, or every credential when {@code ownerId} is null, oldest first. */
    List<Row> list(String ownerId) {
        return ownerId == null
                ? query("SELECT " + COLUMNS + " FROM credentials ORDER BY created_at, id", ps -> { })
                : query("SELECT " + COLUMNS + " FROM credentials WHERE owner_id = ? ORDER BY created_at, id",
                        ps -> ps.setString(1, ownerId));
    }

    private static List<String> names(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Credential store: " + e.getMessage(), e);
        }
    }

    private List<Row> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"),
                            rs.getString("kind"), (ObjectNode) Json.parse(rs.getString("fields")), rs.getString("secrets"),
                            names(rs.getString("secret_names")), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Credential store: " + e.getMessage(), e);
        }
    }
}
