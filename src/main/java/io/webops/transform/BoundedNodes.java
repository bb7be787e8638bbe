package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The node factory JSLT builds its arrays and objects with: each knows the size its JSON would have (shared parts
 * counted each time they appear, as they would be written out), and refuses, through the {@link WorkLimits} of the
 * work on this thread, to hold more than the output limit. So a query that doubles a value on each step is stopped
 * when the value reaches the limit, whether it copies (array concatenation) or shares ({"a": $x, "b": $x}) its parts.
 */
final class BoundedNodes extends JsonNodeFactory {

    static final BoundedNodes FACTORY = new BoundedNodes();
    /** What a number, boolean or null counts for (its text is short). */
    private static final long SCALAR = 8;
    /** What one more element costs at least, written out ({@code 1,}). */
    private static final long REFERENCE = 2;

    private BoundedNodes() {
        super(false);
    }

    @Override
    public ArrayNode arrayNode() {
        return new BoundedArray(this, 0);
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
        return new BoundedArray(this, capacity);
    }

    @Override
    public ObjectNode objectNode() {
        return new BoundedObject(this);
    }

    /** The size of a value's JSON, in bytes (characters for text): known for values built here, else measured. */
    static long sizeOf(JsonNode value) {
        if (value instanceof BoundedArray a) {
            return a.size;
        }
        if (value instanceof BoundedObject o) {
            return o.size;
        }
        if (value == null) {
            return SCALAR;
        }
        if (value.isTextual()) {
            return value.textValue().length() + 2L;
        }
        return value.isContainerNode() ? measured(value) : SCALAR;
    }

    /** A container JSLT did not build (its input): measured once per piece of work. */
    private static long measured(JsonNode container) {
        WorkLimits limits = WorkLimits.current();
        Map<JsonNode, Long> sizes = limits == null ? new IdentityHashMap<>() : limits.measured();
        Long known = sizes.get(container);
        if (known != null) {
            return known;
        }
        long size = 2;
        if (container.isArray()) {
            for (JsonNode element : container) {
                size += sizeOf(element) + 1;
            }
        } else {
            for (Map.Entry<String, JsonNode> field : container.properties()) {
                size += field.getKey().length() + 4 + sizeOf(field.getValue());
            }
        }
        sizes.put(container, size);
        return size;
    }

    /** What adding the value costs in new memory: its text, or a reference to what exists already. */
    private static long newBytes(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue().length() : REFERENCE;
    }

    /** The container grows from {@code size} by {@code more}, adding {@code fresh} new bytes: allowed? */
    private static long grown(long size, long more, long fresh) {
        long next = size + more;
        WorkLimits limits = WorkLimits.current();
        if (limits != null) {
            limits.holds(next);
            limits.built(fresh);
        }
        return next;
    }

    /** An array that counts its size. */
    static final class BoundedArray extends ArrayNode {

        private long size = 2;

        BoundedArray(JsonNodeFactory factory, int capacity) {
            super(factory, capacity);
        }

        @Override
        protected ArrayNode _add(JsonNode node) {
            size = grown(size, sizeOf(node) + 1, newBytes(node));
            return super._add(node);
        }

        @Override
        protected ArrayNode _insert(int index, JsonNode node) {
            size = grown(size, sizeOf(node) + 1, newBytes(node));
            return super._insert(index, node);
        }

        @Override
        protected ArrayNode _set(int index, JsonNode node) {
            size = grown(size, sizeOf(node) + 1, newBytes(node));
            return super._set(index, node);
        }

        /** Concatenation (JSLT's array + array): the other's elements are shared, not copied. */
        @Override
        public ArrayNode addAll(ArrayNode other) {
            long more = 0;
            for (JsonNode node : other) {
                more += sizeOf(node) + 1;
            }
            size = grown(size, more, REFERENCE * other.size());
            return super.addAll(other);
        }
    }

    /** An object that counts its size. */
    static final class BoundedObject extends ObjectNode {

        private long size = 2;

        BoundedObject(JsonNodeFactory factory) {
            super(factory);
        }

        private void adding(String name, JsonNode value) {
            size = grown(size, name.length() + 4 + sizeOf(value), name.length() + newBytes(value));
        }

        @Override
        protected ObjectNode _put(String name, JsonNode value) {
            adding(name, value);
            return super._put(name, value);
        }

        @Override
        public JsonNode replace(String name, JsonNode value) {
            adding(name, value);
            return super.replace(name, value);
        }

        @Override
        public JsonNode putIfAbsent(String name, JsonNode value) {
            adding(name, value);
            return super.putIfAbsent(name, value);
        }

        @Override
        public <T extends JsonNode> T setAll(ObjectNode other) {
            other.properties().forEach(e -> adding(e.getKey(), e.getValue()));
            return super.setAll(other);
        }
    }
}
