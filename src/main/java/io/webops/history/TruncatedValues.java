package io.webops.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the history keeps of an execution's large values, at its start and at its end: an input or output (the
 * execution's or a node's) whose JSON is larger than {@code maxBytes} is stored as
 * {@code {"_truncated": true, "size_bytes": <its size in UTF-8 JSON>, "preview": "<its first 1024 characters>"}}.
 * While the execution runs its nodes pass the whole value along; only the stored copy (and what the API shows of a
 * running execution) is cut.
 *
 * <p>A value is measured by writing it once to a writer that keeps nothing but the preview: a value that is kept is
 * written again by the store, one that is cut is never held as bytes. A value several places share (a node's input
 * is its predecessor's output) is measured once.
 */
public final class TruncatedValues {

    /** The marker's field that says a value was cut. */
    public static final String MARKER = "_truncated";
    static final int PREVIEW_CHARS = 1024;

    private final long maxBytes;

    TruncatedValues(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("WEBOPS_HISTORY_MAX_VALUE_BYTES must be 1 or more, not " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Whether a stored value is the marker of a value that was cut. */
    public static boolean isMarker(JsonNode value) {
        return value != null && value.isObject() && value.path(MARKER).asBoolean(false) && value.has("size_bytes");
    }

    /** The record with every input and output over the limit replaced by its marker; {@code r} itself when none is. */
    ExecutionRecord apply(ExecutionRecord r) {
        Map<JsonNode, JsonNode> stored = new IdentityHashMap<>();
        JsonNode input = stored(r.input(), stored);
        JsonNode output = stored(r.output(), stored);
        List<NodeLog> logs = r.nodeLogs() == null ? null : r.nodeLogs().stream()
                .map(l -> {
                    JsonNode in = stored(l.input(), stored);
                    JsonNode out = stored(l.output(), stored);
                    return in == l.input() && out == l.output() ? l : new NodeLog(l.nodeId(), l.status(), l.attempts(),
                            l.startedAt(), l.durationMs(), in, out, l.error(), l.item(), l.details());
                })
                .toList();
        boolean cut = stored.entrySet().stream().anyMatch(e -> e.getKey() != e.getValue());
        if (!cut) {
            return r;
        }
        return new ExecutionRecord(r.id(), r.workflowId(), r.workflowVersion(), r.status(), r.triggerType(),
                r.triggerData(), input, output, r.errorMessage(), r.errorTraceback(), r.startedAt(), r.completedAt(),
                r.durationMs(), logs, r.dataSaved());
    }

    private JsonNode stored(JsonNode value, Map<JsonNode, JsonNode> stored) {
        if (value == null || value.isValueNode() && !value.isTextual()) {
            return value; // a number, boolean or null is a few bytes
        }
        return stored.computeIfAbsent(value, this::measured);
    }

    private JsonNode measured(JsonNode value) {
        Measure measure = new Measure();
        try (JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(measure)) {
            JsonCodec.MAPPER.writeTree(g, value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot measure a JSON value", e);
        }
        if (measure.bytes <= maxBytes) {
            return value;
        }
        ObjectNode marker = JsonNodeFactory.instance.objectNode();
        marker.put(MARKER, true);
        marker.put("size_bytes", measure.bytes);
        marker.put("preview", measure.preview());
        return marker;
    }

    /** Counts the UTF-8 bytes of what is written and keeps its first {@link #PREVIEW_CHARS} characters. */
    private static final class Measure extends Writer {
        private final StringBuilder preview = new StringBuilder(PREVIEW_CHARS);
        long bytes;

        @Override
        public void write(char[] chars, int offset, int length) {
            int keep = Math.min(length, PREVIEW_CHARS - preview.length());
            if (keep > 0) {
                preview.append(chars, offset, keep);
            }
            for (int i = offset, end = offset + length; i < end; i++) {
                bytes += utf8Length(chars[i]);
            }
        }

        @Override
        public void write(String s, int offset, int length) {
            int keep = Math.min(length, PREVIEW_CHARS - preview.length());
            if (keep > 0) {
                preview.append(s, offset, offset + keep);
            }
            for (int i = offset, end = offset + length; i < end; i++) {
                bytes += utf8Length(s.charAt(i));
            }
        }

        /** A surrogate pair is 4 bytes in UTF-8: 2 for each half. */
        private static int utf8Length(char c) {
            return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }

        /** The kept characters, without half of a surrogate pair at the cut. */
        String preview() {
            int end = preview.length();
            if (end > 0 && Character.isHighSurrogate(preview.charAt(end - 1))) {
                end--;
            }
            return preview.substring(0, end);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
