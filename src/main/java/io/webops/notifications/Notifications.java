package io.webops.notifications;

import io.webops.history.ExecutionIds;
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

/** The {@code notifications} table: what notification nodes leave for a user, read and unread. */
public final class Notifications {

    /** Registry name under which the server binds this store for the notification node. */
    public static final String BEAN = "webopsNotifications";
    public static final List<String> LEVELS = List.of("info", "success", "warning", "error");

    public record Notification(String id, String userId, String level, String message, String workflowId,
                               String executionId, String nodeId, Instant createdAt, Instant readAt) {
    }

    private static final String COLUMNS = "id, user_id, level, message, workflow_id, execution_id, node_id, created_at, read_at";

    private final DataSource dataSource;
    private final java.util.function.Function<String, java.util.Optional<String>> workflowOwner;
    private final java.util.function.BiPredicate<String, String> recipients;

    /**
     * @param workflowOwner who owns a workflow, the user its notifications go to by default
     * @param recipients    whether a workflow (first argument) may notify a user (second): its owner or a user it is
     *                      shared with
     */
    public Notifications(DataSource dataSource, java.util.function.Function<String, java.util.Optional<String>> workflowOwner,
                         java.util.function.BiPredicate<String, String> recipients) {
        this.dataSource = dataSource;
        this.workflowOwner = workflowOwner;
        this.recipients = recipients;
    }

    /** The user a workflow's notifications go to when the node names none: its owner, else the runtime's own user. */
    public String defaultUser(String workflowId) {
        return workflowId == null ? io.webops.auth.Caller.SYSTEM.userId()
                : workflowOwner.apply(workflowId).orElse(io.webops.auth.Caller.SYSTEM.userId());
    }

    /**
     * Whether a workflow may notify the user: its owner or a user it is shared with (admins are no exception, so a run
     * neither tells which ids are admins' nor fills their inboxes). A user who does not exist is refused the same way.
     */
    public boolean mayNotify(String workflowId, String userId) {
        return workflowId != null && recipients.test(workflowId, userId);
    }

    public Notification add(String userId, String level, String message, String workflowId, String executionId, String nodeId) {
        Notification n = new Notification(ExecutionIds.next(), userId, level, message, workflowId, executionId, nodeId,
                Instant.now(), null);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notifications (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
            ps.setString(1, n.id());
            ps.setString(2, n.userId());
            ps.setString(3, n.level());
            ps.setString(4, n.message());
            ps.setString(5, n.workflowId());
            ps.setString(6, n.executionId());
            ps.setString(7, n.nodeId());
            ps.setTimestamp(8, Timestamp.from(n.createdAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Notification store: " + e.getMessage(), e);
        }
        return n;
    }

    /** A user's notifications, newest first. */
    public List<Notification> list(String userId, boolean unreadOnly, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM notifications WHERE user_id = ?" + (unreadOnly ? " AND read_at IS NULL" : "")
                + " ORDER BY created_at DESC, id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userId);
            ps.setMaxRows(limit);
            List<Notification> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Notification store: " + e.getMessage(), e);
        }
    }

    public Optional<Notification> get(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notifications WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Notification store: " + e.getMessage(), e);
        }
    }

    /** Marks one notification read (the first time only) and returns it as it now is. */
    public Optional<Notification> markRead(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Notification store: " + e.getMessage(), e);
        }
        return get(id);
    }

    private static Notification row(ResultSet rs) throws SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        return new Notification(rs.getString("id"), rs.getString("user_id"), rs.getString("level"), rs.getString("message"),
                rs.getString("workflow_id"), rs.getString("execution_id"), rs.getString("node_id"),
                rs.getTimestamp("created_at").toInstant(), read == null ? null : read.toInstant());
    }
}
