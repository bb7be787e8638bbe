package io.webops.history;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of {@link HistoryPruner}: finds finished executions a retention limit lets go, at most {@code max} at a
 * time, and deletes them by id. Selecting the ids first and deleting {@code WHERE id IN (...)} is portable (MariaDB
 * refuses a LIMIT inside an IN subquery, PostgreSQL has no DELETE ... LIMIT) and keeps each delete one short
 * transaction. Pending and running executions are never selected.
 */
final class ExpiredExecutions {
    private static final String FINISHED = " AND status IN ('success', 'failed', 'cancelled', 'timeout')";

    /** A workflow as the pruner sees it: its version (to know when its settings change) and how many runs it ended. */
    record StoredWorkflow(String id, int version, long totalExecutions) {
    }

    /** One old execution found by {@link #startedBefore}. */
    record Row(String id, String workflowId, Instant startedAt) {
    }

    private final DataSource dataSource;

    ExpiredExecutions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<StoredWorkflow> workflows() {
        List<StoredWorkflow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, version, total_executions FROM workflows");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredWorkflow(rs.getString(1), rs.getInt(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list workflows for pruning", e);
        }
        return out;
    }

    /** Ids of finished executions of one workflow started before {@code cutoff}, at most {@code max}. */
    List<String> startedBefore(String workflowId, Instant cutoff, int max) {
        return ids("SELECT id FROM executions WHERE workflow_id = ? AND started_at < ?" + FINISHED + " LIMIT ?",
                workflowId, cutoff, max);
    }

    /**
     * Finished executions of any workflow started before {@code cutoff}, oldest first, after {@code after} (a keyset
     * position, {@code null} for the start), at most {@code max}: the caller walks them page by page and keeps some.
     */
    List<Row> startedBefore(Instant cutoff, Row after, int max) {
        StringBuilder sql = new StringBuilder("SELECT id, workflow_id, started_at FROM executions WHERE started_at < ?");
        List<Object> params = new ArrayList<>(List.of(cutoff));
        if (after != null) {
            sql.append(" AND started_at >= ? AND (started_at > ? OR id > ?)");
            params.add(after.startedAt());
            params.add(after.startedAt());
            params.add(after.id());
        }
        sql.append(FINISHED).append(" ORDER BY started_at, id LIMIT ?");
        params.add(max);
        List<Row> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Executions.bindAll(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), Jdbc.getInstant(rs, "started_at")));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot find old executions", e);
        }
        return out;
    }

    /**
     * The oldest of the newest {@code keep} finished executions of a workflow (newest first by start, then id), or
     * {@code null} when it has no more than {@code keep}: everything older than it goes.
     */
    Row oldestKept(String workflowId, int keep) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, workflow_id, started_at FROM executions WHERE workflow_id = ?" + FINISHED
                        + " ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?")) {
            ps.setString(1, workflowId);
            ps.setInt(2, keep - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2), Jdbc.getInstant(rs, "started_at")) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count the executions of workflow " + workflowId, e);
        }
    }

    /** Ids of finished executions of the workflow older than {@code kept} (by start, then id), at most {@code max}. */
    List<String> olderThan(Row kept, int max) {
        return ids("SELECT id FROM executions WHERE workflow_id = ? AND started_at <= ? AND (started_at < ? OR id < ?)"
                + FINISHED + " LIMIT ?", kept.workflowId(), kept.startedAt(), kept.startedAt(), kept.id(), max);
    }

    /** Deletes these executions in one transaction; returns how many were still there. */
    int delete(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM executions WHERE id IN (" + Dialect.placeholders(ids.size()) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot delete " + ids.size() + " old executions", e);
        }
    }

    private List<String> ids(String sql, Object... params) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Executions.bindAll(ps, List.of(params));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot find old executions", e);
        }
        return out;
    }
}
