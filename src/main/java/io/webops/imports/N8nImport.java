package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An n8n workflow export ({@code {name, nodes: [{name, type, typeVersion, position, parameters, credentials}],
 * connections: {"<source name>": {"main": [[{node, index}], ...]}}}}, outputs by index) as a draft workflow. The nodes
 * map as {@link N8nNodes} says; here the graph is rebuilt: If's outputs 0/1 become the {@code true}/{@code false}
 * handles, each Switch output a connection whose condition is its rule, a Loop Over Items a {@code loop} whose
 * back edge closes on a gathering {@code merge}, an HTTP Request's connections carry its response body (what n8n's
 * next node reads as {@code $json}), and an output {@code onError: continueErrorOutput} adds the {@code error} handle.
 * Connections from or to a node that was not mapped are left out with it.
 */
public final class N8nImport {

    static final String PREFIX = "n8n-nodes-base.";

    private final JsonNode document;
    private final Draft draft;
    private final Map<String, JsonNode> byName = new LinkedHashMap<>();
    private final Map<String, N8nNodes.Mapping> mappings = new LinkedHashMap<>();
    private final N8nExpressions expressions;

    private N8nImport(JsonNode document) {
        this.document = document;
        this.draft = new Draft(document.path("name").asText("Imported from n8n"), "Imported from n8n");
        this.expressions = new N8nExpressions(draft::idOf);
    }

    /** @throws ImportException when the document does not have the shape of an n8n workflow */
    public static Imported convert(JsonNode document) {
        requireShape(document);
        N8nImport im = new N8nImport(document);
        im.mapNodes();
        im.connect();
        return im.draft.result();
    }

    private static void requireShape(JsonNode document) {
        if (!document.isObject()) {
            throw new ImportException("An n8n document is a JSON object with nodes and connections");
        }
        if (!document.path("nodes").isArray()) {
            throw new ImportException("The n8n document has no nodes array (an n8n export has \"nodes\": [...])");
        }
        if (!document.path("connections").isObject()) {
            throw new ImportException("The n8n document has no connections object (an n8n export has "
                    + "\"connections\": {\"<node name>\": {\"main\": [[...]]}})");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < document.path("nodes").size(); i++) {
            JsonNode n = document.path("nodes").get(i);
            if (!n.path("name").isTextual() || n.path("name").asText().isBlank()) {
                throw new ImportException("n8n nodes[" + i + "] has no name");
            }
            if (!n.path("type").isTextual()) {
                throw new ImportException("n8n node '" + n.path("name").asText() + "' has no type");
            }
            if (!names.add(n.path("name").asText())) {
                throw new ImportException("n8n node name '" + n.path("name").asText() + "' is used twice; "
                        + "connections name nodes, so names are unique in an n8n workflow");
            }
        }
    }

    private void mapNodes() {
        // ids first: expressions may name any node ($('Name')), earlier or later in the list
        for (JsonNode n : document.path("nodes")) {
            String name = n.path("name").asText();
            byName.put(name, n);
            if (N8nNodes.maps(n.path("type").asText())) {
                draft.idFor(name, name);
            }
        }
        N8nNodes nodes = new N8nNodes(expressions, draft);
        for (JsonNode n : document.path("nodes")) {
            String name = n.path("name").asText();
            N8nNodes.Mapping m = draft.idOf(name) == null
                    ? N8nNodes.Mapping.unsupported(N8nNodes.noCounterpart(n))
                    : nodes.map(n, draft.idOf(name));
            String credentials = credentials(n);
            if (m.type() == null) {
                draft.report(ReportEntry.unsupported(name, m.reason() + connectionsDropped(name)));
                continue;
            }
            mappings.put(name, m);
            JsonNode position = n.path("position");
            ObjectNode node = draft.addNode(draft.idOf(name), m.type(), name, position.path(0), position.path(1), m.config());
            if (n.path("disabled").asBoolean(false)) {
                node.put("enabled", false);
            }
            draft.report(ReportEntry.mapped(name, m.reason() + credentials));
        }
    }

    /** The credentials an n8n node names, which are never imported: the kind of credential the product needs. */
    private static String credentials(JsonNode n) {
        if (!n.path("credentials").isObject() || n.path("credentials").isEmpty()) {
            return "";
        }
        List<String> kinds = new ArrayList<>();
        n.path("credentials").fieldNames().forEachRemaining(kinds::add);
        return "; n8n's credentials (" + String.join(", ", kinds) + ") are not imported";
    }

    private String connectionsDropped(String name) {
        boolean out = document.path("connections").has(name);
        boolean in = false;
        for (JsonNode outputs : document.path("connections")) {
            for (JsonNode targets : outputs.path("main")) {
                for (JsonNode t : targets) {
                    in |= name.equals(t.path("node").asText());
                }
            }
        }
        return in || out ? "; its connections are left out with it" : "";
    }

    private void connect() {
        Map<String, Set<String>> loopBodies = loopBodies();
        Map<String, String> loopDone = new LinkedHashMap<>();
        document.path("connections").fields().forEachRemaining(entry -> {
            String source = entry.getKey();
            N8nNodes.Mapping from = mappings.get(source);
            if (from == null) {
                return;
            }
            JsonNode outputs = entry.getValue().path("main");
            for (int index = 0; index < outputs.size(); index++) {
                for (JsonNode t : outputs.get(index)) {
                    String target = t.path("node").asText();
                    if (!mappings.containsKey(target)) {
                        continue;
                    }
                    if (loopBodies.getOrDefault(target, Set.of()).contains(source)) {
                        // the loop's back edge: the body's last node hands its item to the merge that gathers them
                        connectOn(source, from, index, doneMerge(target, loopDone));
                        continue;
                    }
                    if (from.kind() == N8nNodes.Kind.LOOP && index == 0 && from.loopHasDone()) {
                        draft.connect(doneMerge(source, loopDone), "output", draft.idOf(target));
                        continue;
                    }
                    connectOn(source, from, index, draft.idOf(target));
                }
            }
        });
    }

    private void connectOn(String source, N8nNodes.Mapping from, int index, String targetId) {
        String sourceId = draft.idOf(source);
        if (from.errorOutput() == index) {
            draft.connect(sourceId, "error", targetId);
            return;
        }
        switch (from.kind()) {
            case IF -> draft.connect(sourceId, index == 0 ? "true" : "false", targetId);
            case SWITCH -> {
                ObjectNode c = draft.connect(sourceId, "output", targetId);
                if (index < from.outputConditions().size()) {
                    c.set("condition", Json.object().put("expression", from.outputConditions().get(index)));
                }
            }
            case HTTP -> draft.connect(sourceId, "output", targetId)
                    .set("transform", Json.object().put("type", "jmespath").put("query", "body"));
            default -> draft.connect(sourceId, "output", targetId);
        }
    }

    /** The gathering merge that closes a loop's region, added once per loop, its done output leaving from it. */
    private String doneMerge(String loopName, Map<String, String> loopDone) {
        return loopDone.computeIfAbsent(loopName, name -> {
            String id = draft.idFor(name + " (done)", name + " done");
            JsonNode position = byName.get(name).path("position");
            draft.addNode(id, "merge", name + " (done)", Json.NODES.numberNode(position.path(0).asInt() + 200),
                    Json.NODES.numberNode(position.path(1).asInt() + 150), Json.object().put("mode", "gather"));
            return id;
        });
    }

    /** Per Loop Over Items node: the nodes its loop output reaches without passing it again (its body). */
    private Map<String, Set<String>> loopBodies() {
        Map<String, Set<String>> bodies = new LinkedHashMap<>();
        mappings.forEach((name, m) -> {
            if (m.kind() != N8nNodes.Kind.LOOP) {
                return;
            }
            Set<String> body = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            JsonNode loopOutput = document.path("connections").path(name).path("main").path(m.loopOutput());
            loopOutput.forEach(t -> todo.add(t.path("node").asText()));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(name) || !body.add(next)) {
                    continue;
                }
                for (JsonNode targets : document.path("connections").path(next).path("main")) {
                    targets.forEach(t -> todo.add(t.path("node").asText()));
                }
            }
            bodies.put(name, body);
        });
        return bodies;
    }
}
