package io.webops.model;

import com.fasterxml.jackson.databind.JsonNode;

/** One node of the canvas; {@code config} is read-only JSON exactly as written. */
public record Node(
        String id,
        String type,
        String label,
        JsonNode config,
        String credential,
        boolean enabled,
        int timeoutSeconds,
        boolean retryOnFailure,
        int maxRetries) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    /** The config value at {@code field}, or a missing node. */
    public JsonNode config(String field) {
        return config.path(field);
    }

    public String configText(String field, String fallback) {
        JsonNode value = config.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
