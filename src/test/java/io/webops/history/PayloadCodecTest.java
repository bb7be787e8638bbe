package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.webops.history.AbstractStoreTest.JSON;
import static io.webops.history.AbstractStoreTest.richJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary execution payload: round trip, shared values, size, legacy rows. */
class PayloadCodecTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

    /** A webhook-like execution: trigger -> 4 more nodes, each node's input is its predecessor's output object. */
    static ExecutionRecord chain(int nodes) {
        ObjectNode headers = JSON.objectNode();
        for (String h : List.of("host", "user-agent", "content-type", "accept", "content-length", "x-request-id")) {
            headers.put(h, "value of " + h + " 0123456789");
        }
        ObjectNode trigger = JSON.objectNode();
        trigger.set("headers", headers);
        trigger.put("path", "/webhooks/bench/generated");
        JsonNode body = richJson();
        List<NodeLog> logs = new ArrayList<>();
        JsonNode in = body;
        for (int k = 0; k < nodes; k++) {
            ObjectNode out = JSON.objectNode().put("step", k).put("customer", "acme");
            out.putArray("skus").add("a-1").add("b-2");
            JsonNode output = k == 0 ? body : out;
            logs.add(new NodeLog("node-" + k, "success", 1, T0.plusMillis(k), k, in, output, null, null));
            in = output;
        }
        return new ExecutionRecord("e1", "wf", 1, "success", "webhook", trigger, body, in, null, null,
                Jdbc.micros(T0), Jdbc.micros(T0.plusMillis(9)), 9L, logs);
    }

    @Test
    void roundTripPreservesValuesTypesNullsAndSharing() {
        ExecutionRecord r = chain(5);
        PayloadCodec.Payload p = PayloadCodec.read(PayloadCodec.write(r));

        assertThat(p.triggerData()).isEqualTo(r.triggerData());
        assertThat(p.input()).isEqualTo(r.input());
        assertThat(p.output()).isEqualTo(r.output());
        assertThat(p.nodeLogs()).isEqualTo(r.nodeLogs());
        assertThat(p.nodeLogs().get(0).startedAt()).isEqualTo(T0); // nanoseconds kept
        assertThat(p.input().get("big").isBigInteger()).isTrue();
        assertThat(p.input().get("long").isLong()).isTrue();
        assertThat(p.input().get("double").isDouble()).isTrue();
        // sharing is restored: the same object, not just equal values
        assertThat(p.nodeLogs().get(0).input()).isSameAs(p.input());
        assertThat(p.nodeLogs().get(0).output()).isSameAs(p.input());
        for (int k = 1; k < 5; k++) {
            assertThat(p.nodeLogs().get(k).input()).isSameAs(p.nodeLogs().get(k - 1).output());
        }
        assertThat(p.output()).isSameAs(p.nodeLogs().get(4).output());
    }

    @Test
    void javaNullsJsonNullsAndEmptyListsStayDistinct() {
        ExecutionRecord none = new ExecutionRecord("e", "w", 1, "running", null, null, null, null, null, null, T0,
                null, null, null);
        PayloadCodec.Payload p = PayloadCodec.read(PayloadCodec.write(none));
        assertThat(p).isEqualTo(new PayloadCodec.Payload(null, null, null, null));

        ExecutionRecord nulls = new ExecutionRecord("e", "w", 1, "running", null, JSON.nullNode(), JSON.nullNode(),
                JSON.numberNode(new BigDecimal("1.10")), null, null, T0, null, null, List.of(
                new NodeLog(null, null, 0, null, 0, null, JSON.nullNode(), "err ünï", 7)));
        p = PayloadCodec.read(PayloadCodec.write(nulls));
        assertThat(p.triggerData()).isEqualTo(JSON.nullNode());
        assertThat(p.input()).isEqualTo(JSON.nullNode());
        assertThat(p.output()).isEqualTo(JSON.numberNode(new BigDecimal("1.10")));
        assertThat(p.nodeLogs()).isEqualTo(nulls.nodeLogs());

        ExecutionRecord empty = new ExecutionRecord("e", "w", 1, "running", null, null, null, null, null, null, T0,
                null, null, List.of());
        assertThat(PayloadCodec.read(PayloadCodec.write(empty)).nodeLogs()).isEmpty();
    }

    @Test
    void everyNodeTypeRoundTrips() throws Exception {
        ObjectNode all = JSON.objectNode();
        all.put("short", (short) 7).put("int", -3).put("long", Long.MIN_VALUE).put("float", 1.5f)
                .put("double", -0.1).put("decimal", new BigDecimal("12345678901234567890.000001"))
                .put("bigSmall", java.math.BigInteger.TEN).put("text", "\u2603 ünï \"q\"").put("true", true)
                .put("bytes", new byte[] {0, 1, (byte) 255}).putNull("null");
        all.putArray("nested").add(JSON.objectNode().set("empty", JSON.arrayNode())).addPOJO(List.of("pojo", 1));
        ExecutionRecord r = new ExecutionRecord("e", "w", 1, "running", null, null, all, null, null, null, T0, null,
                null, null);

        JsonNode read = PayloadCodec.read(PayloadCodec.write(r)).input();

        assertThat(read.get("long").longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(read.get("float").isFloat()).isTrue();
        assertThat(read.get("decimal").decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.000001"));
        assertThat(read.get("bigSmall").bigIntegerValue()).isEqualTo(java.math.BigInteger.TEN);
        assertThat(read.get("bytes").binaryValue()).containsExactly(0, 1, 255);
        assertThat(read.get("text").textValue()).isEqualTo("\u2603 ünï \"q\"");
        assertThat(read.get("null").isNull()).isTrue();
        assertThat(read.get("nested").get(1)).isEqualTo(JSON.arrayNode().add("pojo").add(1));
        all.withArray("nested").set(1, JSON.arrayNode().add("pojo").add(1));
        all.put("short", 7);
        assertThat(read).isEqualTo(all);
    }

    @Test
    void nodeLogMessagesRoundTripAndEntriesWithoutThemReadAsBefore() {
        ExecutionRecord plain = chain(3);
        List<NodeLog> logs = new ArrayList<>(plain.nodeLogs());
        NodeLog first = logs.get(1);
        logs.set(1, new NodeLog(first.nodeId(), first.status(), first.attempts(), first.startedAt(), first.durationMs(),
                first.input(), first.output(), null, 2, List.of("console line", "")));
        ExecutionRecord logged = new ExecutionRecord(plain.id(), plain.workflowId(), 1, plain.status(), plain.triggerType(),
                plain.triggerData(), plain.input(), plain.output(), null, null, plain.startedAt(), plain.completedAt(),
                plain.durationMs(), logs);

        List<NodeLog> read = PayloadCodec.read(PayloadCodec.write(logged)).nodeLogs();
        assertThat(read.get(1).messages()).containsExactly("console line", "");
        assertThat(read.get(1).item()).isEqualTo(2);
        assertThat(read.get(0).messages()).isNull();
        assertThat(read.get(2)).isEqualTo(logs.get(2));
        assertThat(PayloadCodec.write(plain)).as("entries without messages are written as before").hasSize(
                PayloadCodec.write(chain(3)).length);
    }

    @Test
    void corruptPayloadIsAStoreException() {
        assertThatThrownBy(() -> PayloadCodec.read(new byte[] {1, 2, 3})).isInstanceOf(StoreException.class);
    }

    @Test
    void payloadOfAFiveNodeChainIsMuchSmallerThanTheJsonTextColumns() {
        ExecutionRecord r = chain(5);
        int text = utf8(JsonCodec.write(r.triggerData())) + utf8(JsonCodec.write(r.input()))
                + utf8(JsonCodec.write(r.output())) + utf8(JsonCodec.writeNodeLogs(r.nodeLogs()));
        int payload = PayloadCodec.write(r).length;
        List<NodeLog> copies = r.nodeLogs().stream().map(l -> new NodeLog(l.nodeId(), l.status(), l.attempts(),
                l.startedAt(), l.durationMs(), l.input().deepCopy(), l.output().deepCopy(), null, null)).toList();
        int unshared = PayloadCodec.write(new ExecutionRecord(r.id(), r.workflowId(), 1, r.status(),
                r.triggerType(), r.triggerData(), r.input().deepCopy(), r.output().deepCopy(), null, null,
                r.startedAt(), r.completedAt(), r.durationMs(), copies)).length;
        System.out.printf("5-node chain: JSON text columns %d bytes, Smile payload without sharing %d bytes,"
                + " payload %d bytes (%.0f %%)%n", text, unshared, payload, 100.0 * payload / text);
        assertThat(payload).isLessThan(text / 2);
    }

    @Test
    void rowsWrittenBeforeThePayloadColumnAreStillRead() throws Exception {
        try (Store store = Store.inMemory()) {
            ExecutionRecord r = chain(3);
            try (Connection c = store.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO executions (id, workflow_id,"
                         + " workflow_version, status, trigger_type, trigger_data, input, output, started_at,"
                         + " completed_at, duration_ms, node_logs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, r.workflowId());
                ps.setInt(3, r.workflowVersion());
                ps.setString(4, r.status());
                ps.setString(5, r.triggerType());
                ps.setString(6, JsonCodec.write(r.triggerData()));
                ps.setString(7, JsonCodec.write(r.input()));
                ps.setString(8, JsonCodec.write(r.output()));
                Jdbc.setInstant(ps, 9, r.startedAt());
                Jdbc.setInstant(ps, 10, r.completedAt());
                ps.setLong(11, r.durationMs());
                ps.setString(12, JsonCodec.writeNodeLogs(r.nodeLogs()));
                ps.executeUpdate();
            }
            assertThat(store.executions().get("e1")).contains(r);
        }
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
