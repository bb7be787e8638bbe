package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The official templates (§8), read from {@code templates/official.json} on the classpath: the
 * seed's use cases as ready workflows. Instantiating one fills in the credentials the caller
 * picked for each kind, then saves it as a draft like any other workflow.
 */
public final class Templates {

    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
    private final NodeTypes types;

    public Templates(NodeTypes types) {
        this.types = types;
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream("templates/official.json")) {
            if (in == null) {
                throw new IllegalStateException("templates/official.json is missing from the classpath");
            }
            for (JsonNode t : Json.MAPPER.readTree(in)) {
                byId.put(t.get("id").asText(), (ObjectNode) t);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the official templates: " + e.getMessage(), e);
        }
    }

    /** Each template with the node types it uses and the credential kinds it needs. */
    public ArrayNode list() {
        ArrayNode out = Json.NODES.arrayNode();
        byId.values().forEach(t -> out.add(describe(t)));
        return out;
    }

    public Optional<ObjectNode> get(String id) {
        return Optional.ofNullable(byId.get(id)).map(this::describe);
    }

    /**
     * The template's workflow with {@code name} and credentials from the request:
     * {@code {"name": "...", "credentials": {"<kind>": "<credential id>"}}}.
     */
    public ObjectNode workflow(String id, JsonNode request) {
        ObjectNode template = byId.get(id);
        if (template == null) {
            throw ApiException.notFound("Template", id);
        }
        ObjectNode wf = template.get("workflow").deepCopy();
        if (request.path("name").isTextual() && !request.path("name").asText().isBlank()) {
            wf.put("name", request.path("name").asText());
        }
        JsonNode credentials = request.path("credentials");
        for (JsonNode node : wf.withArray("nodes")) {
            String kind = types.find(node.path("type").asText()).map(NodeType::credentialKind).orElse(null);
            if (kind != null && credentials.path(kind).isTextual() && !node.path("config").has("credential")) {
                ((ObjectNode) node).with("config").put("credential", credentials.path(kind).asText());
            }
        }
        return wf;
    }

    private ObjectNode describe(ObjectNode t) {
        ObjectNode out = t.deepCopy();
        TreeSet<String> nodeTypes = new TreeSet<>();
        TreeSet<String> kinds = new TreeSet<>();
        for (JsonNode node : t.path("workflow").path("nodes")) {
            nodeTypes.add(node.path("type").asText());
            types.find(node.path("type").asText()).map(NodeType::credentialKind).ifPresent(kinds::add);
        }
        nodeTypes.forEach(out.putArray("node_types")::add);
        kinds.forEach(out.putArray("credential_kinds")::add);
        return out;
    }
}
