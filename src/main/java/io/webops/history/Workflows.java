package io.webops.history;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Saved workflows (synchronous; not on the execution hot path). */
public final class Workflows {
    public static final Set<String> STATUSES = Set.of("draft", "active", "paused", "disabled");

    private static final String COLUMNS = "id, name, status, version, document, created_at, updated_at, "
            + "total_executions, successful_executions, failed_executions, total_duration_ms, last_executed_at, owner_id";
    /** Rows a non-admin user may see: their own and those shared with them (two parameters: the user id twice). */
    static final String VISIBLE_TO = "(owner_id = ? OR id IN (SELECT resource_id FROM shares"
            + " WHERE resource_kind = 'workflow' AND user_id = ?))";

    private final DataSource dataSource;
    private final Executions executions;

    Workflows(DataSource dataSource, Executions executions) {
        this.dataSource = dataSource;
        this.executions = executions;
    }

    /** New workflow without an owner (only admins see it); see {@link #create(String, String, String, String)}. */
    public WorkflowRecord create(String id, String name, String document) {
        return create(id, name, document, null);
    }

    /** New workflow with status {@code draft} and version 1 (saved by its owner, no message); see {@link #create(String, String, String, String, String)}. */
    public WorkflowRecord create(String id, String name, String document, String ownerId) {
        return create(id, name, document, ownerId, null);
    }

    /**
     * New workflow with status {@code draft} and version 1, written as its first version (author: the owner) in the same
     * transaction; {@link IllegalStateException} if the id exists.
     */
    public WorkflowRecord create(String id, String name, String document, String ownerId, String message) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        Instant now = Jdbc.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflows (id, name, status, version, document,"
                        + " created_at, updated_at, owner_id) VALUES (?, ?, 'draft', 1, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, name);
                    ps.setString(3, document);
                    Jdbc.setInstant(ps, 4, now);
                    Jdbc.setInstant(ps, 5, now);
                    Jdbc.setText(ps, 6, ownerId);
                    ps.executeUpdate();
                }
                WorkflowVersions.insert(c, id, 1, document, ownerId, now, message);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalStateException("workflow already exists: " + id, e);
            }
            throw new StoreException("cannot create workflow " + id, e);
        }
        return new WorkflowRecord(id, name, "draft", 1, document, now, now, new WorkflowStats(0, 0, 0, null, 0), ownerId);
    }

    /** Saves a new name/document by nobody in particular, without a message; see {@link #update(String, String, String, String, String)}. */
    public WorkflowRecord update(String id, String name, String document) {
        return update(id, name, document, null, null);
    }

    /**
     * Saves a new name/document, bumping the version, and writes that version (who saved it, their message) in the same
     * transaction; {@link NoSuchElementException} if unknown.
     */
    public WorkflowRecord update(String id, String name, String document, String authorId, String message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant now = Jdbc.now();
                try (PreparedStatement ps = c.prepareStatement("UPDATE workflows SET name = ?, document = ?,"
                        + " version = version + 1, updated_at = ? WHERE id = ?")) {
                    ps.setString(1, name);
                    ps.setString(2, document);
                    Jdbc.setInstant(ps, 3, now);
                    ps.setString(4, id);
                    if (ps.executeUpdate() == 0) {
                        throw new NoSuchElementException("no workflow " + id);
                    }
                }
                WorkflowRecord r = get(c, id).orElseThrow();
                WorkflowVersions.insert(c, id, r.version(), document, authorId, now, message);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot update workflow " + id, e);
        }
    }

    /** Sets draft|active|paused|disabled; {@link NoSuchElementException} if unknown. */
    public void setStatus(String id, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("workflow status must be one of " + STATUSES + ": " + status);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE workflows SET status = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status);
            Jdbc.setInstant(ps, 2, Jdbc.now());
            ps.setString(3, id);
            if (ps.executeUpdate() == 0) {
                throw new NoSuchElementException("no workflow " + id);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot set status of workflow " + id, e);
        }
    }

    /**
     * Deletes the workflow, all its executions, versions and its own state in one transaction (queued execution writes are flushed first so
     * none is written after the delete). Returns whether the workflow existed.
     */
    public boolean delete(String id) {
        executions.flush();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM executions WHERE workflow_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM workflow_state WHERE scope = 'workflow' AND scope_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                WorkflowVersions.deleteAll(c, id);
                int n;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM workflows WHERE id = ?")) {
                    ps.setString(1, id);
                    n = ps.executeUpdate();
                }
                c.commit();
                return n > 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot delete workflow " + id, e);
        }
    }

    public Optional<WorkflowRecord> get(String id) {
        try (Connection c = dataSource.getConnection()) {
            return get(c, id);
        } catch (SQLException e) {
            throw new StoreException("cannot read workflow " + id, e);
        }
    }

    /** Every workflow; see {@link #list(int, String, String)}. */
    public Page<WorkflowRecord> list(int limit, String cursor) {
        return list(limit, cursor, null);
    }

    /**
     * Workflows ordered by {@code created_at, id} with an opaque keyset cursor; limit defaults to 20, max 200.
     * With {@code visibleTo} (a user id) only that user's own workflows and those shared with them.
     */
    public Page<WorkflowRecord> list(int limit, String cursor, String visibleTo) {
        int n = limit <= 0 ? ExecutionFilter.DEFAULT_LIMIT : Math.min(limit, ExecutionFilter.MAX_LIMIT);
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM workflows WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (visibleTo != null) {
            sql.append(" AND ").append(VISIBLE_TO);
            params.add(visibleTo);
            params.add(visibleTo);
        }
        if (cursor != null && !cursor.isEmpty()) {
            Cursors.Key after = Cursors.decode(cursor);
            sql.append(" AND created_at >= ? AND (created_at > ? OR id > ?)");
            params.add(after.at());
            params.add(after.at());
            params.add(after.id());
        }
        sql.append(" ORDER BY created_at, id LIMIT ?");
        params.add(n + 1);
        List<WorkflowRecord> items = query(sql.toString(), params);
        String next = null;
        if (items.size() > n) {
            items = items.subList(0, n);
            WorkflowRecord last = items.get(n - 1);
            next = Cursors.encode(last.createdAt(), last.id());
        }
        return new Page<>(items, next);
    }

    /** All workflows with one of the statuses (e.g. active, paused to redeploy at start), by created_at, id. */
    public List<WorkflowRecord> listByStatus(String... statuses) {
        if (statuses == null || statuses.length == 0) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM workflows WHERE status IN ("
                + Dialect.placeholders(statuses.length) + ") ORDER BY created_at, id";
        return query(sql, new ArrayList<>(Arrays.asList((Object[]) statuses)));
    }

    /** Id, status and version of every workflow: one light query, polled by every instance sharing the database. */
    public List<WorkflowState> states() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, status, version FROM workflows");
             ResultSet rs = ps.executeQuery()) {
            List<WorkflowState> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new WorkflowState(rs.getString("id"), rs.getString("status"), rs.getInt("version")));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list workflow states", e);
        }
    }

    private List<WorkflowRecord> query(String sql, List<Object> params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Executions.bindAll(ps, params);
            List<WorkflowRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list workflows", e);
        }
    }

    private static Optional<WorkflowRecord> get(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM workflows WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static WorkflowRecord read(ResultSet rs) throws SQLException {
        long total = rs.getLong("total_executions");
        long totalDuration = rs.getLong("total_duration_ms");
        WorkflowStats stats = new WorkflowStats(total, rs.getLong("successful_executions"),
                rs.getLong("failed_executions"), Jdbc.getInstant(rs, "last_executed_at"),
                total == 0 ? 0 : totalDuration / total);
        return new WorkflowRecord(rs.getString("id"), rs.getString("name"), rs.getString("status"),
                rs.getInt("version"), rs.getString("document"), Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "updated_at"), stats, rs.getString("owner_id"));
    }
}
