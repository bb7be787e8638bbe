package io.webops.api;

import io.webops.history.AuditLog;
import io.webops.history.Users;
import io.webops.json.Json;

/**
 * {@code GET /api/audit}: who did what, newest first, paged like executions (admins only). Filters, each optional:
 * {@code actor_id}, {@code action} (exact, or a prefix ending in a dot: {@code workflow.}), {@code resource_kind},
 * {@code resource_id}. Each entry carries its actor's {@code actor_email} while the account exists.
 */
public final class AuditRoutes extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("audit", "/api/audit", "GET", e -> {
            requireAdmin(e);
            AuditLog log = security().store().audit();
            Users users = security().store().users();
            java.util.Map<String, java.util.Optional<String>> emails = new java.util.HashMap<>();
            AuditLog.Filter filter = new AuditLog.Filter(query(e, "actor_id"), query(e, "action"),
                    query(e, "resource_kind"), query(e, "resource_id"));
            io.webops.history.Page<AuditLog.Entry> page;
            try {
                page = log.list(filter, limit(e), query(e, "cursor"));
            } catch (IllegalArgumentException badCursor) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "cursor must be a next_cursor of this list");
            }
            return ApiJson.page(page, entry -> {
                var out = Json.object().put("id", entry.id()).put("at", entry.at().toString())
                        .put("actor_id", entry.actorId())
                        .put("actor_email", entry.actorId() == null ? null
                                : emails.computeIfAbsent(entry.actorId(), id -> users.get(id).map(Users.User::email)).orElse(null))
                        .put("action", entry.action())
                        .put("resource_kind", entry.resourceKind()).put("resource_id", entry.resourceId());
                out.set("detail", entry.detail() == null ? null : Json.parse(entry.detail()));
                return out;
            });
        });
    }
}
