package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled data transform. Implementations are immutable and safe to use from many threads at once.
 * {@link #apply} never returns Java {@code null}: an absent result is {@link com.fasterxml.jackson.databind.node.NullNode}.
 */
@FunctionalInterface
public interface Transform {
    /**
     * @param input the document to transform; Java {@code null} is treated as JSON {@code null}
     * @throws TransformException if evaluation fails (e.g. a function called with the wrong argument type)
     */
    JsonNode apply(JsonNode input);
}
