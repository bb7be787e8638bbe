package io.webops.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact JSON text for the JSON columns, with one shared {@link ObjectMapper}. Java {@code null} is SQL NULL;
 * a JSON {@code null} ({@code NullNode}) is the text {@code null} and reads back as {@code NullNode}.
 * Node logs are one JSON array: {@code [{"nodeId":..,"status":..,"attempts":..,"startedAt":"ISO-8601",
 * "durationMs":..,"input":..,"output":..,"error":..,"item":..}]}; absent fields are Java nulls.
 */
final class JsonCodec {
    /** The JSON text columns nest as deep as the binary payload ({@link PayloadCodec#MAX_DEPTH}), both ways. */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PayloadCodec.MAX_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(PayloadCodec.MAX_DEPTH).build())
            .build());

    private JsonCodec() {
    }

    static String write(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise JSON value", e);
        }
    }

    static JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON in history store", e);
        }
    }

    static String writeNodeLogs(List<NodeLog> logs) {
        if (logs == null) {
            return null;
        }
        StringWriter out = new StringWriter(64 + logs.size() * 128);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (NodeLog l : logs) {
                g.writeStartObject();
                if (l.nodeId() != null) {
                    g.writeStringField("nodeId", l.nodeId());
                }
                if (l.status() != null) {
                    g.writeStringField("status", l.status());
                }
                g.writeNumberField("attempts", l.attempts());
                if (l.startedAt() != null) {
                    g.writeStringField("startedAt", l.startedAt().toString());
                }
                g.writeNumberField("durationMs", l.durationMs());
                if (l.input() != null) {
                    g.writeFieldName("input");
                    MAPPER.writeTree(g, l.input());
                }
                if (l.output() != null) {
                    g.writeFieldName("output");
                    MAPPER.writeTree(g, l.output());
                }
                if (l.error() != null) {
                    g.writeStringField("error", l.error());
                }
                if (l.item() != null) {
                    g.writeNumberField("item", l.item());
                }
                if (l.details() != null) {
                    g.writeFieldName("details");
                    MAPPER.writeTree(g, l.details());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise node logs", e);
        }
        return out.toString();
    }

    static List<NodeLog> readNodeLogs(String text) {
        JsonNode array = read(text);
        if (array == null) {
            return null;
        }
        List<NodeLog> logs = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            JsonNode startedAt = n.get("startedAt");
            JsonNode item = n.get("item");
            logs.add(new NodeLog(
                    text(n, "nodeId"),
                    text(n, "status"),
                    n.path("attempts").asInt(),
                    startedAt == null || startedAt.isNull() ? null : Instant.parse(startedAt.asText()),
                    n.path("durationMs").asLong(),
                    n.get("input"),
                    n.get("output"),
                    text(n, "error"),
                    item == null || item.isNull() ? null : item.asInt(),
                    n.get("details")));
        }
        return logs;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
