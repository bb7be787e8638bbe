package io.webops.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The binary {@code payload} column of an execution: trigger data, input, output and node logs together, as ONE
 * <a href="https://github.com/FasterXML/smile-format-specification">Smile</a> (binary JSON) document:
 *
 * <pre>
 * [1,                                   format version
 *  [v0, v1, ...],                       every distinct JsonNode of the execution, once (by identity)
 *  triggerData, input, output,          references: index into the value table, -1 = Java null
 *  null | [[nodeId, status, attempts, startedAtEpochSecond, startedAtNano, durationMs, input, output, error,
 *           item], ...]]                node logs; input/output are references as above
 * </pre>
 *
 * The engine passes JsonNode references along (a node's input is usually the very same object as its predecessor's
 * output, and the execution's input is the trigger node's input): each such value is serialised once and shared
 * again on read, so a 5-node chain stores each value once instead of twice. Smile keeps number types that JSON text
 * loses ({@code BigInteger}, {@code BigDecimal}, float vs double, binary) and writes repeated field names as
 * back-references. Bytes avoid building Strings and the databases' character-wise text encoding.
 *
 * <p>JSON values must not be mutated while they are being serialised (as for the previous JSON text columns: the
 * record is serialised on the submitting thread).
 */
final class PayloadCodec {
    static final int VERSION = 2; // 2 adds each node log's details; version 1 payloads still read
    private static final int LINEAR_SCAN_MAX = 16;

    /**
     * How deep a stored value may nest, writing and reading alike (Jackson's default, made explicit): the runtime
     * takes in JSON nested at most 256 levels (io.webops.json.Json.MAX_DEPTH) and a record adds a few levels
     * around its values, so everything it keeps reads back. A deeper value fails the write, never the read.
     */
    static final int MAX_DEPTH = 1_000;

    static final SmileFactory SMILE = SmileFactory.builder()
            .enable(SmileGenerator.Feature.CHECK_SHARED_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();
    static final ObjectMapper MAPPER = new ObjectMapper(SMILE);

    private PayloadCodec() {
    }

    /** Decoded payload. */
    record Payload(JsonNode triggerData, JsonNode input, JsonNode output, List<NodeLog> nodeLogs) {
    }

    /** Identity-based table of distinct values, in first-seen order. */
    private static final class Table {
        final List<JsonNode> values = new ArrayList<>();
        IdentityHashMap<JsonNode, Integer> index;

        int ref(JsonNode n) {
            if (n == null) {
                return -1;
            }
            if (index == null) {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == n) {
                        return i;
                    }
                }
                if (values.size() < LINEAR_SCAN_MAX) {
                    values.add(n);
                    return values.size() - 1;
                }
                index = new IdentityHashMap<>();
                for (int i = 0; i < values.size(); i++) {
                    index.put(values.get(i), i);
                }
            }
            Integer i = index.get(n);
            if (i != null) {
                return i;
            }
            values.add(n);
            index.put(n, values.size() - 1);
            return values.size() - 1;
        }
    }

    static byte[] write(ExecutionRecord r) {
        List<NodeLog> logs = r.nodeLogs();
        Table table = new Table();
        int trigger = table.ref(r.triggerData());
        int input = table.ref(r.input());
        int output = table.ref(r.output());
        int[] refs = null;
        if (logs != null) {
            refs = new int[logs.size() * 3];
            for (int i = 0; i < logs.size(); i++) {
                refs[3 * i] = table.ref(logs.get(i).input());
                refs[3 * i + 1] = table.ref(logs.get(i).output());
                refs[3 * i + 2] = table.ref(logs.get(i).details());
            }
        }
        ByteArrayBuilder out = new ByteArrayBuilder(256 + table.values.size() * 128);
        try (SmileGenerator g = (SmileGenerator) SMILE.createGenerator(out)) {
            g.writeStartArray();
            g.writeNumber(VERSION);
            g.writeStartArray();
            for (JsonNode v : table.values) {
                MAPPER.writeTree(g, v);
            }
            g.writeEndArray();
            g.writeNumber(trigger);
            g.writeNumber(input);
            g.writeNumber(output);
            if (logs == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (int i = 0; i < logs.size(); i++) {
                    NodeLog l = logs.get(i);
                    g.writeStartArray();
                    writeString(g, l.nodeId());
                    writeString(g, l.status());
                    g.writeNumber(l.attempts());
                    if (l.startedAt() == null) {
                        g.writeNull();
                        g.writeNull();
                    } else {
                        g.writeNumber(l.startedAt().getEpochSecond());
                        g.writeNumber(l.startedAt().getNano());
                    }
                    g.writeNumber(l.durationMs());
                    g.writeNumber(refs[3 * i]);
                    g.writeNumber(refs[3 * i + 1]);
                    writeString(g, l.error());
                    if (l.item() == null) {
                        g.writeNull();
                    } else {
                        g.writeNumber(l.item());
                    }
                    g.writeNumber(refs[3 * i + 2]);
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise execution " + r.id(), e);
        }
        return out.toByteArray();
    }

    private static void writeString(SmileGenerator g, String s) throws IOException {
        if (s == null) {
            g.writeNull();
        } else {
            g.writeString(s);
        }
    }

    static Payload read(byte[] bytes) {
        try (JsonParser p = SMILE.createParser(bytes)) {
            expect(p, JsonToken.START_ARRAY);
            int version = nextInt(p);
            if (version != VERSION && version != 1) {
                throw new StoreException("unknown history payload version " + version, null);
            }
            expect(p, JsonToken.START_ARRAY);
            List<JsonNode> table = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                JsonNode v = MAPPER.readTree(p);
                table.add(v == null ? NullNode.getInstance() : v);
            }
            JsonNode trigger = deref(table, nextInt(p));
            JsonNode input = deref(table, nextInt(p));
            JsonNode output = deref(table, nextInt(p));
            List<NodeLog> logs = null;
            if (p.nextToken() == JsonToken.START_ARRAY) {
                logs = new ArrayList<>();
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    String nodeId = nextString(p);
                    String status = nextString(p);
                    int attempts = nextInt(p);
                    Long seconds = nextLongOrNull(p);
                    Long nanos = nextLongOrNull(p);
                    long duration = nextLongOrNull(p);
                    JsonNode in = deref(table, nextInt(p));
                    JsonNode out = deref(table, nextInt(p));
                    String error = nextString(p);
                    Long item = nextLongOrNull(p);
                    JsonNode details = version == 1 ? null : deref(table, nextInt(p));
                    expect(p, JsonToken.END_ARRAY);
                    logs.add(new NodeLog(nodeId, status, attempts,
                            seconds == null ? null : Instant.ofEpochSecond(seconds, nanos), duration, in, out, error,
                            item == null ? null : item.intValue(), details));
                }
            }
            return new Payload(trigger, input, output, logs);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("corrupt execution payload in history store", e);
        }
    }

    private static JsonNode deref(List<JsonNode> table, int ref) {
        return ref < 0 ? null : table.get(ref);
    }

    private static void expect(JsonParser p, JsonToken t) throws IOException {
        JsonToken got = p.nextToken();
        if (got != t) {
            throw new IOException("expected " + t + ", got " + got);
        }
    }

    private static int nextInt(JsonParser p) throws IOException {
        expect(p, JsonToken.VALUE_NUMBER_INT);
        return p.getIntValue();
    }

    private static Long nextLongOrNull(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("expected a number, got " + t);
        }
        return p.getLongValue();
    }

    private static String nextString(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IOException("expected a string, got " + t);
        }
        return p.getText();
    }
}
