package io.webops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.notifications.Notifications;
import io.webops.notifications.Notifications.Notification;

/**
 * In-product notifications (§6): {@code GET /api/notifications} lists the caller's own, newest
 * first ({@code ?unread=true} for the unread ones, {@code ?limit=} up to 200), and
 * {@code POST /api/notifications/{id}/read} marks one read. Another user's notification answers
 * 404, as if it did not exist.
 */
public final class NotificationRoutes extends ApiRouteBuilder {

    private final Notifications notifications;

    public NotificationRoutes(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void configure() {
        api("notifications", "/api/notifications", "GET", e -> {
            boolean unread = "true".equals(query(e, "unread"));
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("items");
            notifications.list(caller(e).userId(), unread, limit(e)).forEach(n -> items.add(json(n)));
            out.putNull("next_cursor");
            return out;
        });
        api("notification-read", "/api/notifications/{id}/read", "POST", e -> {
            String id = id(e);
            Notification n = notifications.get(id)
                    .filter(found -> found.userId().equals(caller(e).userId()))
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Notification '" + id + "' does not exist"));
            return json(notifications.markRead(n.id()).orElse(n));
        });
    }

    static ObjectNode json(Notification n) {
        ObjectNode out = Json.object();
        out.put("id", n.id());
        out.put("user", n.userId());
        out.put("level", n.level());
        out.put("message", n.message());
        out.put("workflow_id", n.workflowId());
        out.put("execution_id", n.executionId());
        out.put("node_id", n.nodeId());
        out.put("created_at", ApiJson.time(n.createdAt()));
        out.put("read", n.readAt() != null);
        out.put("read_at", n.readAt() == null ? null : ApiJson.time(n.readAt()));
        return out;
    }
}
