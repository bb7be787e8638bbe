package io.webops.api;

import io.webops.history.AuditLog;
import io.webops.json.Json;

/** {@code GET /api/audit}: who did what, newest first, paged like executions (admins only). */
public final class AuditRoutes extends ApiRouteBuilder {

    @Override
    public void configure() {
        api("audit", "/api/audit", "GET", e -> {
            requireAdmin(e);
            AuditLog log = security().store().audit();
            io.webops.history.Page<AuditLog.Entry> page;
            try {
                page = log.list(limit(e), query(e, "cursor"));
            } catch (IllegalArgumentException badCursor) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "cursor must be a next_cursor of this list");
            }
            return ApiJson.page(page, entry -> {
                var out = Json.object().put("id", entry.id()).put("at", entry.at().toString())
                        .put("actor_id", entry.actorId()).put("action", entry.action())
                        .put("resource_kind", entry.resourceKind()).put("resource_id", entry.resourceId());
                out.set("detail", entry.detail() == null ? null : Json.parse(entry.detail()));
                return out;
            });
        });
    }
}
