package io.webops.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read or edit access one user was given to one resource of any kind (workflow, credential, agent…). */
public final class Shares {

    public record Share(String resourceKind, String resourceId, String userId, String access, Instant createdAt) {
    }

    private final Sql sql;

    Shares(Sql sql) {
        this.sql = sql;
    }

    /** Grants or changes the access ({@code read} or {@code edit}). */
    public void put(String kind, String resourceId, String userId, String access) {
        if (sql.update("UPDATE shares SET access = ? WHERE resource_kind = ? AND resource_id = ? AND user_id = ?",
                access, kind, resourceId, userId) == 0) {
            sql.update("INSERT INTO shares (resource_kind, resource_id, user_id, access, created_at) VALUES (?, ?, ?, ?, ?)",
                    kind, resourceId, userId, access, Jdbc.now());
        }
    }

    public boolean remove(String kind, String resourceId, String userId) {
        return sql.update("DELETE FROM shares WHERE resource_kind = ? AND resource_id = ? AND user_id = ?",
                kind, resourceId, userId) > 0;
    }

    /** Removes every share of a resource (when it is deleted). */
    public void removeAll(String kind, String resourceId) {
        sql.update("DELETE FROM shares WHERE resource_kind = ? AND resource_id = ?", kind, resourceId);
    }

    /** The access the user was given to the resource, if any. */
    public Optional<String> access(String kind, String resourceId, String userId) {
        return sql.one("SELECT access FROM shares WHERE resource_kind = ? AND resource_id = ? AND user_id = ?",
                rs -> rs.getString(1), kind, resourceId, userId);
    }

    public List<Share> of(String kind, String resourceId) {
        return sql.list("SELECT resource_kind, resource_id, user_id, access, created_at FROM shares"
                        + " WHERE resource_kind = ? AND resource_id = ? ORDER BY created_at, user_id",
                rs -> new Share(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.getInstant(rs, "created_at")), kind, resourceId);
    }

    /** Ids of the resources of one kind shared with the user (for list endpoints of other areas). */
    public List<String> sharedWith(String kind, String userId) {
        return sql.list("SELECT resource_id FROM shares WHERE resource_kind = ? AND user_id = ?",
                rs -> rs.getString(1), kind, userId);
    }
}
