package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The official templates (§8), read from {@code templates/official.json} on the classpath: ready workflows whose
 * nodes name the credential kind they need as {@code "credential": "pick:<kind>"}. Each has an {@code id}, {@code
 * name}, {@code category}, {@code description} and its {@code workflow}.
 */
public final class OfficialTemplates {

    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    public OfficialTemplates() {
        try (InputStream in = OfficialTemplates.class.getClassLoader().getResourceAsStream("templates/official.json")) {
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

    /** The templates in file order; callers copy before changing one. */
    public Collection<ObjectNode> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public Optional<ObjectNode> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
