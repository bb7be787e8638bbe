package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The workflow document an import builds: nodes with readable ids made from the source's names, connections, the
 * trigger, and the report. Both foreign formats fill one.
 */
final class Draft {

    private final ObjectNode document = Json.object();
    private final ArrayNode nodes;
    private final ArrayNode connections;
    private final Set<String> ids = new HashSet<>();
    private final List<ReportEntry> report = new ArrayList<>();
    /** Node ids by the source's own key for the node (n8n: its name; Node-RED: its id). */
    private final Map<String, String> idsBySourceKey = new LinkedHashMap<>();

    Draft(String name, String description) {
        document.put("name", name);
        if (description != null) {
            document.put("description", description);
        }
        document.set("trigger", Json.object().put("type", "manual"));
        nodes = document.putArray("nodes");
        connections = document.putArray("connections");
    }

    /** Reserves a readable id for the source's node: its name in lower-case words joined by dashes, made unique. */
    String idFor(String sourceKey, String name) {
        String existing = idsBySourceKey.get(sourceKey);
        if (existing != null) {
            return existing;
        }
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "node";
        }
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + "-" + n;
        }
        idsBySourceKey.put(sourceKey, id);
        return id;
    }

    /** The id given to the source's node, or null when it has none (not mapped). */
    String idOf(String sourceKey) {
        return idsBySourceKey.get(sourceKey);
    }

    /** Adds a node at the source's canvas position ({@code x}, {@code y} as the source wrote them; missing: 0). */
    ObjectNode addNode(String id, String type, String label, JsonNode x, JsonNode y, ObjectNode config) {
        ObjectNode node = nodes.addObject();
        node.put("id", id);
        node.put("type", type);
        node.put("label", label);
        ObjectNode position = node.putObject("position");
        position.set("x", x.isNumber() ? x : Json.NODES.numberNode(0));
        position.set("y", y.isNumber() ? y : Json.NODES.numberNode(0));
        node.set("config", config);
        return node;
    }

    ObjectNode connect(String source, String sourceHandle, String target) {
        ObjectNode c = connections.addObject();
        c.put("source", source);
        c.put("target", target);
        c.put("sourceHandle", sourceHandle);
        return c;
    }

    ObjectNode trigger() {
        return (ObjectNode) document.get("trigger");
    }

    void report(ReportEntry entry) {
        report.add(entry);
    }

    Imported result() {
        return new Imported(document, report);
    }
}
