package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node produced: its output, the handle it fired on ({@code output} unless the node
 * routes, as a condition does with {@code true}/{@code false}) and, for types whose work goes on
 * in later Camel steps, what those steps need (a delay's milliseconds).
 */
public record NodeResult(JsonNode output, String handle, Object attachment) {

    public static NodeResult of(JsonNode output) {
        return new NodeResult(output, io.webops.model.Connection.OUTPUT, null);
    }

    public static NodeResult on(String handle, JsonNode output) {
        return new NodeResult(output, handle, null);
    }

    /** What a node wrote to its log while running (a script's console), kept in the node's log entry. */
    public record Messages(java.util.List<String> lines) {
    }

    /** An output with lines for the node's log. */
    public static NodeResult logged(JsonNode output, java.util.List<String> lines) {
        return new NodeResult(output, io.webops.model.Connection.OUTPUT, new Messages(java.util.List.copyOf(lines)));
    }
}
