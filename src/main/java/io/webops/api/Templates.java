package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
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

    private static final String PICK = "pick:";

    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    public Templates() {
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
     * {@code {"name": "...", "credentials": {"<kind>": "<credential id>"}}}. A template marks each
     * node that needs one with {@code "credential": "pick:<kind>"} (on the node or in its config); only those get the picked
     * credential (so a token picked for one API is never sent to another node's URL), and a kind
     * left unpicked leaves the node without one, for validation to name.
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
            String kind = pickedKind(node);
            if (kind != null) {
                // the pick goes where §2 puts it, on the node, and the marker leaves config: one place
                ObjectNode n = (ObjectNode) node;
                if (n.get("config") instanceof ObjectNode config) {
                    config.remove("credential");
                }
                if (credentials.path(kind).isTextual()) {
                    n.put("credential", credentials.path(kind).asText());
                } else {
                    n.remove("credential");
                }
            }
        }
        return wf;
    }

    private static String pickedKind(JsonNode node) {
        String ref = node.hasNonNull("credential") ? node.path("credential").asText("")
                : node.path("config").path("credential").asText("");
        return ref.startsWith(PICK) ? ref.substring(PICK.length()) : null;
    }

    private ObjectNode describe(ObjectNode t) {
        ObjectNode out = t.deepCopy();
        TreeSet<String> nodeTypes = new TreeSet<>();
        TreeSet<String> kinds = new TreeSet<>();
        for (JsonNode node : t.path("workflow").path("nodes")) {
            nodeTypes.add(node.path("type").asText());
            String kind = pickedKind(node);
            if (kind != null) {
                kinds.add(kind);
            }
        }
        nodeTypes.forEach(out.putArray("node_types")::add);
        kinds.forEach(out.putArray("credential_kinds")::add);
        return out;
    }
}
