package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Variable lookup for the root names of an {@link Expression} or {@link Template}:
 * {@code data}, {@code nodes}, {@code trigger}, {@code execution}, {@code item}, or any other name.
 *
 * <p>Implementations must be side-effect free; the evaluator calls {@link #lookup(String)} once per
 * occurrence of a root name during evaluation.
 */
public interface Vars {

    /**
     * Returns the value bound to {@code name}, or {@code null} / a {@code MissingNode} when the name is unknown.
     * An explicit {@code NullNode} means "known, and null" (no fallback to {@code data.<name>} happens then).
     */
    JsonNode lookup(String name);

    /** Vars backed by the given map (not copied; later changes to the map are visible). {@code null} means empty. */
    static Vars of(Map<String, JsonNode> m) {
        if (m == null || m.isEmpty()) {
            return empty();
        }
        return m::get;
    }

    /** Vars with no bindings at all. */
    static Vars empty() {
        return name -> null;
    }
}
