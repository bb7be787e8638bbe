package io.webops.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Who did what to which resource, newest first, paged with the same opaque cursors as executions. */
public final class AuditLog {

    public record Entry(String id, Instant at, String actorId, String action, String resourceKind, String resourceId,
                        String detail) {
    }

    /**
     * What to list: each field null for any; {@code action} matches exactly or, ending in a dot, as a prefix
     * ({@code workflow.} for every workflow action).
     */
    public record Filter(String actorId, String action, String resourceKind, String resourceId) {
    }

    private static final String COLUMNS = "id, at, actor_id, action, resource_kind, resource_id, detail";

    private final Sql sql;

    AuditLog(Sql sql) {
        this.sql = sql;
    }

    /** Records one action; {@code detail} is a small JSON text or null, never a secret. */
    public Entry record(String actorId, String action, String resourceKind, String resourceId, String detail) {
        Entry e = new Entry(ExecutionIds.next(), Jdbc.now(), actorId, action, resourceKind, resourceId, detail);
        sql.update("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.id(), e.at(), actorId, action, resourceKind, resourceId, detail);
        return e;
    }

    public Page<Entry> list(Filter filter, int limit, String cursor) {
        int n = limit <= 0 ? ExecutionFilter.DEFAULT_LIMIT : Math.min(limit, ExecutionFilter.MAX_LIMIT);
        StringBuilder q = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (filter.actorId() != null) {
            q.append(" AND actor_id = ?");
            params.add(filter.actorId());
        }
        if (filter.action() != null && filter.action().endsWith(".")) {
            q.append(" AND action LIKE ? ESCAPE '\\'");
            params.add(filter.action().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        } else if (filter.action() != null) {
            q.append(" AND action = ?");
            params.add(filter.action());
        }
        if (filter.resourceKind() != null) {
            q.append(" AND resource_kind = ?");
            params.add(filter.resourceKind());
        }
        if (filter.resourceId() != null) {
            q.append(" AND resource_id = ?");
            params.add(filter.resourceId());
        }
        if (cursor != null && !cursor.isEmpty()) {
            Cursors.Key after = Cursors.decode(cursor);
            q.append(" AND at <= ? AND (at < ? OR id < ?)");
            params.add(after.at());
            params.add(after.at());
            params.add(after.id());
        }
        q.append(" ORDER BY at DESC, id DESC LIMIT ?");
        params.add(n + 1);
        List<Entry> items = sql.list(q.toString(), rs -> new Entry(rs.getString("id"), Jdbc.getInstant(rs, "at"),
                rs.getString("actor_id"), rs.getString("action"), rs.getString("resource_kind"),
                rs.getString("resource_id"), rs.getString("detail")), params.toArray());
        String next = null;
        if (items.size() > n) {
            items = items.subList(0, n);
            Entry last = items.get(n - 1);
            next = Cursors.encode(last.at(), last.id());
        }
        return new Page<>(items, next);
    }
}
