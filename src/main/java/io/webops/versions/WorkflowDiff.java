package io.webops.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What changed between two workflow documents (§2), as the canvas shows it:
 * <pre>{@code
 * {"fields": [change…],
 *  "nodes": {"added": [node…], "removed": [node…], "changed": [{"id", "type", "changes": [change…]}]},
 *  "connections": {"added": [conn…], "removed": [conn…], "changed": [{"source", "target", "sourceHandle", "targetHandle", "changes": [change…]}]}}
 * }</pre>
 * A change is {@code {"path", "change": "added"|"removed"|"changed", "before"?, "after"?}}; objects are compared field by
 * field (path {@code config.url}), arrays as whole values. {@code fields} covers everything outside nodes and connections
 * (name, description, trigger, settings, canvas extras). Nodes are matched by id, connections by source, target and
 * handles (defaults filled in). A change at or under a secret path carries {@code "secret": true} and never a value.
 */
public final class WorkflowDiff {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> CONNECTION_KEY = List.of("source", "target", "sourceHandle", "targetHandle");

    private final Set<String> secretPaths;

    /** @param secretPaths document paths whose values are secrets, e.g. {@code trigger.auth.secret} */
    public WorkflowDiff(Set<String> secretPaths) {
        this.secretPaths = Set.copyOf(secretPaths);
    }

    public ObjectNode between(JsonNode before, JsonNode after) {
        ObjectNode out = JSON.objectNode();
        out.set("fields", changes(without(before, "nodes", "connections"), without(after, "nodes", "connections")));
        out.set("nodes", nodes(before.path("nodes"), after.path("nodes")));
        out.set("connections", connections(before.path("connections"), after.path("connections")));
        return out;
    }

    private ObjectNode nodes(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = byKey(before, n -> n.path("id").asText());
        Map<String, JsonNode> now = byKey(after, n -> n.path("id").asText());
        ObjectNode out = JSON.objectNode();
        ArrayNode added = out.putArray("added");
        ArrayNode removed = out.putArray("removed");
        ArrayNode changed = out.putArray("changed");
        now.forEach((id, node) -> {
            if (!old.containsKey(id)) {
                added.add(node);
            }
        });
        old.forEach((id, node) -> {
            if (!now.containsKey(id)) {
                removed.add(node);
            }
        });
        now.forEach((id, node) -> {
            JsonNode was = old.get(id);
            if (was != null) {
                ArrayNode changes = changes(without(was, "id"), without(node, "id"));
                if (!changes.isEmpty()) {
                    ObjectNode c = changed.addObject().put("id", id);
                    c.set("type", node.path("type"));
                    c.set("changes", changes);
                }
            }
        });
        return out;
    }

    private ObjectNode connections(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = byKey(before, WorkflowDiff::connectionKey);
        Map<String, JsonNode> now = byKey(after, WorkflowDiff::connectionKey);
        ObjectNode out = JSON.objectNode();
        ArrayNode added = out.putArray("added");
        ArrayNode removed = out.putArray("removed");
        ArrayNode changed = out.putArray("changed");
        now.forEach((key, conn) -> {
            if (!old.containsKey(key)) {
                added.add(withDefaultHandles(conn));
            }
        });
        old.forEach((key, conn) -> {
            if (!now.containsKey(key)) {
                removed.add(withDefaultHandles(conn));
            }
        });
        now.forEach((key, conn) -> {
            JsonNode was = old.get(key);
            if (was != null) {
                String[] keyFields = CONNECTION_KEY.toArray(String[]::new);
                ArrayNode changes = changes(without(was, keyFields), without(conn, keyFields));
                if (!changes.isEmpty()) {
                    ObjectNode c = changed.addObject();
                    withDefaultHandles(conn).fields().forEachRemaining(f -> {
                        if (CONNECTION_KEY.contains(f.getKey())) {
                            c.set(f.getKey(), f.getValue());
                        }
                    });
                    c.set("changes", changes);
                }
            }
        });
        return out;
    }

    /** The changes between two objects' leaves, in the order of their paths (before's first, then after's new ones). */
    private ArrayNode changes(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = new LinkedHashMap<>();
        Map<String, JsonNode> now = new LinkedHashMap<>();
        leaves("", before, old);
        leaves("", after, now);
        Set<String> paths = new LinkedHashSet<>(old.keySet());
        paths.addAll(now.keySet());
        ArrayNode out = JSON.arrayNode();
        for (String path : paths) {
            JsonNode was = old.get(path);
            JsonNode is = now.get(path);
            if (was != null && was.equals(is)) {
                continue;
            }
            ObjectNode c = out.addObject().put("path", path)
                    .put("change", was == null ? "added" : is == null ? "removed" : "changed");
            if (isSecret(path)) {
                c.put("secret", true);
                continue;
            }
            if (was != null) {
                c.set("before", was);
            }
            if (is != null) {
                c.set("after", is);
            }
        }
        return out;
    }

    /** Every non-object value under {@code node} by its path; empty objects have none. */
    private static void leaves(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (!node.isObject()) {
            if (!node.isMissingNode()) {
                out.put(prefix, node);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            leaves(path(prefix, f.getKey()), f.getValue(), out);
        }
    }

    private boolean isSecret(String path) {
        for (String secret : secretPaths) {
            if (path.equals(secret) || path.startsWith(secret + ".") || path.startsWith(secret + "[")) {
                return true;
            }
        }
        return false;
    }

    private static String path(String prefix, String key) {
        String step = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        return prefix.isEmpty() || step.startsWith("[") ? prefix + step : prefix + "." + step;
    }

    /** Items of an array by key; a key met again is told apart by its occurrence ({@code key#2}). */
    private static Map<String, JsonNode> byKey(JsonNode array, java.util.function.Function<JsonNode, String> key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        if (array.isArray()) {
            for (JsonNode item : array) {
                String k = key.apply(item);
                int n = seen.merge(k, 1, Integer::sum);
                out.put(n == 1 ? k : k + "#" + n, item);
            }
        }
        return out;
    }

    private static String connectionKey(JsonNode c) {
        JsonNode full = withDefaultHandles(c);
        List<String> parts = new ArrayList<>();
        CONNECTION_KEY.forEach(f -> parts.add(full.path(f).asText()));
        return String.join("\u0000", parts);
    }

    /** {@code sourceHandle} defaults to {@code output} and {@code targetHandle} to {@code input} (§2). */
    private static ObjectNode withDefaultHandles(JsonNode c) {
        ObjectNode copy = c.isObject() ? ((ObjectNode) c).deepCopy() : JSON.objectNode();
        if (!copy.path("sourceHandle").isTextual()) {
            copy.put("sourceHandle", "output");
        }
        if (!copy.path("targetHandle").isTextual()) {
            copy.put("targetHandle", "input");
        }
        return copy;
    }

    private static JsonNode without(JsonNode node, String... fields) {
        if (!node.isObject()) {
            return JSON.objectNode();
        }
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }
}
