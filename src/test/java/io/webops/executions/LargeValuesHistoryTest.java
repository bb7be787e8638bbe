package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.TestServer;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.history.TruncatedValues;
import io.webops.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WEBOPS_HISTORY_MAX_VALUE_BYTES: a node's input or output over it is stored as a marker with its size once the
 * execution has ended, while the nodes after it got the whole value; values under it are stored whole.
 */
class LargeValuesHistoryTest {

    private static final int MAX_VALUE_BYTES = 4_096;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("WEBOPS_HISTORY_MAX_VALUE_BYTES", String.valueOf(MAX_VALUE_BYTES)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** in passes the batch on, count answers how many items it got and the last one's id: a few bytes. */
    private static String workflow() {
        return """
                {"name": "big batch", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "count", "type": "transform", "config": {"type": "jmespath",
                   "query": "{count: length(items), last: items[-1].id}"}}],
                 "connections": [{"source": "in", "target": "count"}]}""";
    }

    private static ObjectNode batch(int items) {
        ObjectNode batch = Json.object();
        ArrayNode lines = batch.putArray("items");
        for (int i = 0; i < items; i++) {
            lines.addObject().put("id", i).put("note", "line " + i + " of the batch");
        }
        return batch;
    }

    private static JsonNode stored(JsonNode finished) throws Exception {
        return stored(server, finished.get("id").asText());
    }

    private static JsonNode stored(TestServer on, String executionId) throws Exception {
        TestServer.Reply r = on.get("/api/executions/" + executionId);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aNodeOutputOverTheLimitIsStoredAsAMarkerWithItsSizeWhileTheNextNodeGotItWhole() throws Exception {
        String id = server.create(workflow());
        ObjectNode batch = batch(1_000);
        String batchJson = Json.write(batch);
        assertThat(batchJson.length()).isGreaterThan(MAX_VALUE_BYTES);

        JsonNode answered = server.runAndWait(id, batch);
        JsonNode execution = stored(answered);

        assertThat(execution.get("status").asText()).isEqualTo("success");
        JsonNode inOutput = TestServer.nodeLog(execution, "in").get("output");
        assertThat(inOutput.get("_truncated").asBoolean()).isTrue();
        assertThat(inOutput.get("size_bytes").asLong()).isEqualTo(batchJson.getBytes(StandardCharsets.UTF_8).length);
        assertThat(inOutput.get("preview").asText()).isEqualTo(batchJson.substring(0, 1_024));
        assertThat(execution.get("input")).isEqualTo(inOutput);
        assertThat(TestServer.nodeLog(execution, "count").get("input")).isEqualTo(inOutput);
        JsonNode summary = Json.parse("{\"count\": 1000, \"last\": 999}");
        assertThat(TestServer.nodeLog(execution, "count").get("output")).as("the next node read every item").isEqualTo(summary);
        assertThat(execution.get("output")).isEqualTo(summary);
        assertThat(answered.get("input")).as("the waiting caller gets the record as it ran").isEqualTo(batch);
    }

    @Test
    void valuesUnderTheLimitAreStoredWhole() throws Exception {
        String id = server.create(workflow());
        ObjectNode batch = batch(10);
        assertThat(Json.write(batch).length()).isLessThan(MAX_VALUE_BYTES);

        JsonNode execution = stored(server.runAndWait(id, batch));

        assertThat(execution.get("input")).isEqualTo(batch);
        assertThat(TestServer.nodeLog(execution, "in").get("output")).isEqualTo(batch);
        assertThat(TestServer.nodeLog(execution, "count").get("output")).isEqualTo(Json.parse("{\"count\": 10, \"last\": 9}"));
    }

    @Test
    void aRunningExecutionIsShownWithItsLargeValuesCutAsTheHistoryWillStoreThem() throws Exception {
        String id = server.create("""
                {"name": "slow big batch", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "wait", "type": "delay", "config": {"seconds": 2}}],
                 "connections": [{"source": "in", "target": "wait"}]}""");
        TestServer.Reply started = server.post("/api/workflows/" + id + "/run", batch(1_000));
        assertThat(started.status()).as(started.text()).isIn(200, 202);

        JsonNode running = stored(server, started.json().get("id").asText());

        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(TruncatedValues.isMarker(running.get("input"))).isTrue();
        assertThat(TruncatedValues.isMarker(TestServer.nodeLog(running, "in").get("output"))).isTrue();
    }

    @Test
    void anUnattendedExecutionWhoseInputWasCutRunsAgainWithItsWholeInputKeptInAFileUntilItEnds() throws Exception {
        TestServer first = TestServer.start(Map.of("WEBOPS_HISTORY_MAX_VALUE_BYTES", String.valueOf(MAX_VALUE_BYTES)));
        String id = first.create("""
                {"name": "slow big batch", "trigger": {"type": "webhook", "path": "slow-big", "respond": "immediately"},
                 "nodes": [{"id": "in", "type": "webhook_input"}, {"id": "wait", "type": "delay", "config": {"seconds": 5}},
                  {"id": "count", "type": "transform", "config": {"type": "jmespath",
                   "query": "{count: length(items), last: items[-1].id}"}}],
                 "connections": [{"source": "in", "target": "wait"}, {"source": "wait", "target": "count"}]}""");
        assertThat(first.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        String kept = first.post("/webhooks/slow-big", batch(1_000)).json().get("execution_id").asText();
        String lost = first.post("/webhooks/slow-big", batch(1_000)).json().get("execution_id").asText();
        first.close(); // WEBOPS_DRAIN_SECONDS 0: both are left running for the next start
        try (Store store = Store.openH2(first.dataDir, "check")) {
            ExecutionRecord left = store.executions().get(kept).orElseThrow();
            assertThat(left.status()).isEqualTo("running");
            assertThat(TruncatedValues.isMarker(left.input())).as("stored cut at its start").isTrue();
        }
        java.nio.file.Path files = first.dataDir.resolve("large-inputs");
        assertThat(files.resolve(kept + ".json")).exists();
        java.nio.file.Files.delete(files.resolve(lost + ".json")); // as if it had been lost with its disk

        try (TestServer again = TestServer.start(Map.of("WEBOPS_DATA", first.dataDir.toString(),
                "WEBOPS_HISTORY_MAX_VALUE_BYTES", String.valueOf(MAX_VALUE_BYTES)))) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
            while (stored(again, kept).get("status").asText().equals("running")) {
                assertThat(System.nanoTime()).as("resumed and ended").isLessThan(deadline);
                Thread.sleep(100);
            }
            JsonNode resumed = stored(again, kept);
            assertThat(resumed.get("status").asText()).isEqualTo("success");
            assertThat(resumed.get("output")).isEqualTo(Json.parse("{\"count\": 1000, \"last\": 999}"));
            assertThat(files.resolve(kept + ".json")).as("forgotten once it ended").doesNotExist();
            JsonNode interrupted = stored(again, lost);
            assertThat(interrupted.get("status").asText()).isEqualTo("failed");
            assertThat(interrupted.get("error_message").asText()).startsWith("interrupted");
        }
    }

    @Test
    void anExecutionWhoseInputWasTruncatedCannotBeRetriedWithIt() throws Exception {
        String id = server.create(workflow());
        JsonNode execution = stored(server.runAndWait(id, batch(1_000)));

        TestServer.Reply retry = server.post("/api/executions/" + execution.get("id").asText() + "/retry", "");

        assertThat(retry.status()).as(retry.text()).isEqualTo(409);
        assertThat(retry.json().at("/error/message").asText())
                .contains("kept only the start of its input", "WEBOPS_HISTORY_MAX_VALUE_BYTES");
    }
}
