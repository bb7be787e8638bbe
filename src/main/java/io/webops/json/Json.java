package io.webops.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one ObjectMapper and small JSON helpers, in a package of their own below the node types, the runtime and
 * the API, which all read and write JSON through it.
 */
public final class Json {

    /**
     * The deepest nesting of JSON the runtime takes in (request and webhook bodies, node outputs). Far below what
     * the history store and the API answers can write around a value (Jackson's 1,000 levels), and far above what
     * real documents use.
     */
    public static final int MAX_DEPTH = 256;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** JSON nested deeper than {@link #MAX_DEPTH}: refused however it arrives, whatever its content type says. */
    public static final class TooDeep extends IllegalArgumentException {
        TooDeep() {
            super("JSON is nested deeper than " + MAX_DEPTH + " levels, the most the runtime accepts");
        }
    }

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw tooDeepOr(e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw tooDeepOr(e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The JSON in {@code length} bytes of {@code bytes} from {@code offset}, read where they are. */
    public static JsonNode parse(byte[] bytes, int offset, int length) {
        try {
            return MAPPER.readTree(MAPPER.getFactory().createParser(bytes, offset, length));
        } catch (StreamConstraintsException e) {
            throw tooDeepOr(e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException tooDeepOr(StreamConstraintsException e) {
        return String.valueOf(e.getMessage()).contains("nesting depth") ? new TooDeep()
                : new IllegalArgumentException("Not valid JSON: " + e.getMessage(), e);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode orNull(JsonNode value) {
        return value == null || value.isMissingNode() ? NODES.nullNode() : value;
    }
}
