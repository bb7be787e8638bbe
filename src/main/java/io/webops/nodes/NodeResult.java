package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a node produced: its output, the handle it fired on ({@code output} unless the node
 * routes, as a condition does with {@code true}/{@code false}), for types whose work goes on
 * in later Camel steps what those steps need (a delay's milliseconds), and details for the node
 * log besides the output (token usage, console output, tool calls), or null.
 */
public record NodeResult(JsonNode output, String handle, Object attachment, JsonNode details) {

    public NodeResult(JsonNode output, String handle, Object attachment) {
        this(output, handle, attachment, null);
    }

    public static NodeResult of(JsonNode output) {
        return new NodeResult(output, io.webops.model.Connection.OUTPUT, null, null);
    }

    public static NodeResult on(String handle, JsonNode output) {
        return new NodeResult(output, handle, null, null);
    }

    /** This result with details for the node log. */
    public NodeResult withDetails(JsonNode details) {
        return new NodeResult(output, handle, attachment, details);
    }

    /** An output with lines for the node's log (a script's console), as {@code details.console}. */
    public static NodeResult logged(JsonNode output, java.util.List<String> lines) {
        com.fasterxml.jackson.databind.node.ObjectNode details = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        lines.forEach(details.putArray("console")::add);
        return of(output).withDetails(details);
    }
}
