package io.webops.history;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The versions of every workflow. They are written only by {@link Workflows} in the transaction of the save that makes
 * them, and deleted only with their workflow: nothing here changes one.
 */
public final class WorkflowVersions {
    /** Longest version message kept (the column's size). */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    private static final String COLUMNS = "workflow_id, version, document, author_id, created_at, message";

    private final Sql sql;

    WorkflowVersions(Sql sql) {
        this.sql = sql;
    }

    public Optional<WorkflowVersion> get(String workflowId, int version) {
        return sql.one("SELECT " + COLUMNS + " FROM workflow_versions WHERE workflow_id = ? AND version = ?",
                WorkflowVersions::read, workflowId, version);
    }

    /**
     * A workflow's versions, newest first, with an opaque keyset cursor; limit defaults to 20, max 200.
     * {@link IllegalArgumentException} for a cursor this did not make.
     */
    public Page<WorkflowVersion> list(String workflowId, int limit, String cursor) {
        int n = limit <= 0 ? ExecutionFilter.DEFAULT_LIMIT : Math.min(limit, ExecutionFilter.MAX_LIMIT);
        StringBuilder q = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM workflow_versions WHERE workflow_id = ?");
        List<Object> params = new ArrayList<>(List.of(workflowId));
        if (cursor != null && !cursor.isEmpty()) {
            q.append(" AND version < ?");
            params.add(decodeCursor(cursor));
        }
        q.append(" ORDER BY version DESC LIMIT ?");
        params.add(n + 1);
        List<WorkflowVersion> items = sql.list(q.toString(), WorkflowVersions::read, params.toArray());
        String next = null;
        if (items.size() > n) {
            items = items.subList(0, n);
            next = encodeCursor(items.get(n - 1).version());
        }
        return new Page<>(items, next);
    }

    /** Writes a version in the caller's transaction (the save that makes it). */
    static void insert(Connection c, String workflowId, int version, String document, String authorId, Instant at,
                       String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, workflowId);
            ps.setInt(2, version);
            ps.setString(3, document);
            Jdbc.setText(ps, 4, authorId);
            Jdbc.setInstant(ps, 5, at);
            Jdbc.setText(ps, 6, message);
            ps.executeUpdate();
        }
    }

    /** Deletes a workflow's versions in the caller's transaction (the workflow's delete). */
    static void deleteAll(Connection c, String workflowId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM workflow_versions WHERE workflow_id = ?")) {
            ps.setString(1, workflowId);
            ps.executeUpdate();
        }
    }

    private static WorkflowVersion read(ResultSet rs) throws SQLException {
        return new WorkflowVersion(rs.getString("workflow_id"), rs.getInt("version"), rs.getString("document"),
                rs.getString("author_id"), Jdbc.getInstant(rs, "created_at"), rs.getString("message"));
    }

    private static String encodeCursor(int version) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v" + version).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith("v")) {
                throw new IllegalArgumentException("not a version cursor");
            }
            return Integer.parseInt(raw.substring(1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cursor: " + cursor, e);
        }
    }
}
