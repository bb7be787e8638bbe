package io.webops.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A small builder for the JSON Schemas node types declare. */
public final class Schema {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode root = JSON.objectNode();
    private final ObjectNode properties = JSON.objectNode();
    private final ArrayNode required = JSON.arrayNode();

    private Schema() {
        root.put("type", "object");
        root.set("properties", properties);
    }

    public static Schema object() {
        return new Schema();
    }

    public static ObjectNode empty() {
        return object().build();
    }

    public Schema string(String name, String title, String description) {
        return field(name, "string", title, description);
    }

    /** A string that may hold {@code {{ }}} templates (the canvas offers upstream fields). */
    public Schema template(String name, String title, String description) {
        string(name, title, description);
        field(name).put("x-template", true);
        return this;
    }

    /** A condition expression (§5), checked at save time. */
    public Schema expression(String name, String title, String description) {
        string(name, title, description);
        field(name).put("format", "expression");
        return this;
    }

    public Schema integer(String name, String title, String description) {
        return field(name, "integer", title, description);
    }

    public Schema number(String name, String title, String description) {
        return field(name, "number", title, description);
    }

    public Schema bool(String name, String title, String description) {
        return field(name, "boolean", title, description);
    }

    public Schema enumeration(String name, String title, String description, String... values) {
        field(name, "string", title, description);
        ArrayNode e = field(name).putArray("enum");
        for (String v : values) {
            e.add(v);
        }
        return this;
    }

    /** A free JSON value (object, array, string...) with templates in its strings. */
    public Schema any(String name, String title, String description) {
        ObjectNode f = JSON.objectNode();
        f.put("title", title);
        f.put("description", description);
        f.put("x-template", true);
        properties.set(name, f);
        return this;
    }

    /** A map of string keys to template strings (headers, query parameters). */
    public Schema stringMap(String name, String title, String description) {
        field(name, "object", title, description);
        field(name).putObject("additionalProperties").put("type", "string");
        field(name).put("x-template", true);
        return this;
    }

    public Schema array(String name, String title, String description, ObjectNode items) {
        field(name, "array", title, description);
        field(name).set("items", items);
        return this;
    }

    public Schema defaultValue(String name, JsonNode value) {
        field(name).set("default", value);
        return this;
    }

    public Schema defaultValue(String name, String value) {
        return defaultValue(name, JSON.textNode(value));
    }

    public Schema defaultValue(String name, int value) {
        return defaultValue(name, JSON.numberNode(value));
    }

    public Schema defaultValue(String name, boolean value) {
        return defaultValue(name, JSON.booleanNode(value));
    }

    public Schema minimum(String name, int min) {
        field(name).put("minimum", min);
        return this;
    }

    public Schema maximum(String name, int max) {
        field(name).put("maximum", max);
        return this;
    }

    public Schema required(String... names) {
        for (String n : names) {
            required.add(n);
        }
        return this;
    }

    /** Exactly one of the given fields must be present. */
    public Schema oneRequired(String... names) {
        ArrayNode oneOf = root.putArray("oneOf");
        for (String n : names) {
            oneOf.addObject().putArray("required").add(n);
        }
        return this;
    }

    public ObjectNode build() {
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        return root;
    }

    private Schema field(String name, String type, String title, String description) {
        ObjectNode f = JSON.objectNode();
        f.put("type", type);
        f.put("title", title);
        f.put("description", description);
        properties.set(name, f);
        return this;
    }

    private ObjectNode field(String name) {
        return (ObjectNode) properties.get(name);
    }
}
