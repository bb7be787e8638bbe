package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simple dotted paths node configs use to point into data ({@code items},
 * {@code body.rows}, {@code data[0].values}); an empty path is the data itself.
 */
public final class Paths {

    private Paths() {
    }

    public static JsonNode get(JsonNode data, String path) {
        if (path == null || path.isBlank()) {
            return data;
        }
        JsonNode at = data;
        for (String part : split(path)) {
            if (at == null) {
                return null;
            }
            at = part.matches("\\d+") && at.isArray() ? at.get(Integer.parseInt(part)) : at.get(part);
        }
        return at;
    }

    /**
     * A copy of {@code data} with {@code value} at {@code path}; an empty path replaces the data. Only the objects and
     * arrays along the path are copied, one level each: the rest is shared with {@code data}, as values that pass
     * between nodes are never changed (a filter of a 50 MB input copies its top object, not the 50 MB).
     */
    public static JsonNode with(JsonNode data, String path, JsonNode value) {
        if (path == null || path.isBlank()) {
            return value;
        }
        if (!data.isObject()) {
            throw NodeFailure.data("Cannot set '" + path + "': the input is not an object");
        }
        ObjectNode copy = ((ObjectNode) data).objectNode().setAll((ObjectNode) data);
        String[] parts = split(path);
        JsonNode at = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            boolean index = parts[i].matches("\\d+") && at.isArray();
            JsonNode next = index ? at.get(Integer.parseInt(parts[i])) : at.get(parts[i]);
            if (next == null || !next.isContainerNode()) {
                throw NodeFailure.data("Cannot set '" + path + "': '" + parts[i] + "' is not an object or array");
            }
            JsonNode nextCopy = next.isObject() ? ((ObjectNode) next).objectNode().setAll((ObjectNode) next)
                    : ((ArrayNode) next).arrayNode().addAll((ArrayNode) next);
            if (index) {
                ((ArrayNode) at).set(Integer.parseInt(parts[i]), nextCopy);
            } else {
                ((ObjectNode) at).set(parts[i], nextCopy);
            }
            at = nextCopy;
        }
        String last = parts[parts.length - 1];
        if (at.isArray() && last.matches("\\d+")) {
            ((ArrayNode) at).set(Integer.parseInt(last), value);
        } else if (at.isObject()) {
            ((ObjectNode) at).set(last, value);
        } else {
            throw NodeFailure.data("Cannot set '" + path + "'");
        }
        return copy;
    }

    /** The array at {@code path}, or a clear failure naming the node and what was found. */
    public static ArrayNode array(JsonNode data, String path, String nodeId) {
        JsonNode value = get(data, path);
        if (value == null || !value.isArray()) {
            String where = path == null || path.isBlank() ? "the input" : "'" + path + "'";
            throw NodeFailure.data("Node '" + nodeId + "': " + where + " is not an array (found "
                    + (value == null || value.isMissingNode() ? "nothing" : value.getNodeType().name().toLowerCase()) + ")");
        }
        return (ArrayNode) value;
    }

    private static String[] split(String path) {
        String p = path.startsWith("data.") ? path.substring(5) : path;
        return p.replace("[", ".").replace("]", "").split("\\.");
    }
}
