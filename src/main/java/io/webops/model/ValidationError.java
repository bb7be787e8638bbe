package io.webops.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One problem in a workflow document, pointing at the place it was found: a node, a connection
 * (its index in {@code connections}) or a field path such as {@code nodes[fetch].config.url}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationError(
        @JsonProperty("node_id") String nodeId,
        Integer connection,
        String field,
        String message) {

    public static ValidationError ofDocument(String field, String message) {
        return new ValidationError(null, null, field, message);
    }

    public static ValidationError ofNode(String nodeId, String field, String message) {
        return new ValidationError(nodeId, null, field, message);
    }

    public static ValidationError ofConnection(int index, String field, String message) {
        return new ValidationError(null, index, field, message);
    }
}
