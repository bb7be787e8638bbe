package io.webops.model;

/**
 * A directed edge. {@code index} is its position in the document's {@code connections} array and
 * is how validation errors point at it.
 */
public record Connection(
        int index,
        String source,
        String target,
        String sourceHandle,
        String targetHandle,
        ConditionSpec condition,
        TransformSpec transform) {

    public static final String OUTPUT = "output";
    public static final String INPUT = "input";
    public static final String ERROR = "error";

    public String describe() {
        return source + " -> " + target;
    }
}
