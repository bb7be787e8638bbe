package io.webops.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A parsed workflow document. The original JSON is kept as {@code document} so that the visual
 * state (positions, labels, extra canvas fields) round-trips unchanged.
 */
public record Workflow(
        String name,
        String description,
        Trigger trigger,
        Settings settings,
        List<Node> nodes,
        List<Connection> connections,
        ObjectNode document) {

    public Workflow {
        nodes = List.copyOf(nodes);
        connections = List.copyOf(connections);
    }

    public Map<String, Node> nodesById() {
        Map<String, Node> byId = new java.util.LinkedHashMap<>();
        nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
        return byId;
    }
}
