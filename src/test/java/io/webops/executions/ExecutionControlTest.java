package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Controlling executions (§4, §6): cancel, workflow timeout, retry, and executions left running
 * by a server that stopped.
 */
class ExecutionControlTest {

    private static TestServer s;
    /** Counts the calls of the node after the delay, so work left running after a stop shows. */
    private static HttpServer downstream;
    private static final AtomicInteger downstreamCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        downstream.createContext("/after-delay", exchange -> {
            downstreamCalls.incrementAndGet();
            byte[] body = "{\"called\": true}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        downstream.start();
    }

    @AfterAll
    static void stop() {
        s.close();
        downstream.stop(0);
    }

    @Test
    void nodeAfterTheDelayRunsWhenNothingStopsTheExecution() throws Exception {
        String id = s.create(delayThenCall(0, 300));
        int callsBefore = downstreamCalls.get();

        JsonNode ex = s.runAndWait(id, "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ranNodes(ex)).contains("in", "wait", "after");
        assertThat(downstreamCalls.get()).isEqualTo(callsBefore + 1);
    }

    @Test
    void cancellingARunningExecutionEndsItCancelledAndTheNodeAfterTheDelayNeverRuns() throws Exception {
        String id = s.create(delayThenCall(2, 300));
        int callsBefore = downstreamCalls.get();
        String executionId = startRun(id, "{\"k\": 1}");
        awaitNodeStarted(executionId, "in");

        Reply cancel = s.post("/api/executions/" + executionId + "/cancel", "{}");

        assertThat(cancel.status()).as(cancel.text()).isEqualTo(200);
        assertThat(cancel.json().get("status").asText()).isEqualTo("cancelled");
        Thread.sleep(3_000);
        JsonNode ex = s.get("/api/executions/" + executionId).json();
        assertThat(ex.get("status").asText()).isEqualTo("cancelled");
        assertThat(ex.get("completed_at").isNull()).isFalse();
        assertThat(ranNodes(ex)).doesNotContain("after");
        assertThat(downstreamCalls.get()).as("calls made by the node after the delay").isEqualTo(callsBefore);
    }

    @Test
    void cancellingAnEndedExecutionIsAConflict() throws Exception {
        String id = s.create(delayThenCall(2, 300));
        String executionId = startRun(id, "{}");
        assertThat(s.post("/api/executions/" + executionId + "/cancel", "{}").status()).isEqualTo(200);

        Reply again = s.post("/api/executions/" + executionId + "/cancel", "{}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").get("code").asText()).isNotBlank();
        assertThat(again.json().get("error").get("message").asText()).contains(executionId);
    }

    @Test
    void cancellingAnUnknownExecutionIsNotFound() throws Exception {
        assertThat(s.post("/api/executions/no-such-execution/cancel", "{}").status()).isEqualTo(404);
    }

    @Test
    void executionPastTheWorkflowTimeoutEndsTimeoutAndTheNodeAfterTheDelayNeverRuns() throws Exception {
        String id = s.create(delayThenCall(2, 1));
        int callsBefore = downstreamCalls.get();

        JsonNode ex = s.runAndWait(id, "{}");

        assertThat(ex.get("status").asText()).isEqualTo("timeout");
        assertThat(ex.get("error_message").asText()).contains("timeout");
        assertThat(ex.get("duration_ms").asLong()).isLessThan(2_000);
        Thread.sleep(2_000);
        assertThat(s.get("/api/executions/" + ex.get("id").asText()).json().get("status").asText()).isEqualTo("timeout");
        assertThat(downstreamCalls.get()).as("calls made by the node after the delay").isEqualTo(callsBefore);
    }

    @Test
    void retryRunsANewExecutionWithTheSameInput() throws Exception {
        String id = s.create(ECHO);
        JsonNode first = s.runAndWait(id, "{\"order\": 17, \"items\": [\"a\", \"b\"]}");

        Reply retry = s.post("/api/executions/" + first.get("id").asText() + "/retry?wait=true", "{}");

        assertThat(retry.status()).as(retry.text()).isEqualTo(200);
        JsonNode second = retry.json();
        assertThat(second.get("id").asText()).isNotEqualTo(first.get("id").asText());
        assertThat(second.get("workflow_id").asText()).isEqualTo(id);
        assertThat(second.get("status").asText()).isEqualTo("success");
        assertThat(second.get("input")).isEqualTo(first.get("input"));
        assertThat(second.get("output")).isEqualTo(first.get("output"));
        assertThat(s.get("/api/executions/" + first.get("id").asText()).json().get("status").asText()).isEqualTo("success");
    }

    @Test
    void retryWithoutWaitAnswers202AndTheNewExecutionFinishes() throws Exception {
        String id = s.create(ECHO);
        JsonNode first = s.runAndWait(id, "{\"order\": 18}");

        Reply retry = s.post("/api/executions/" + first.get("id").asText() + "/retry", "{}");

        assertThat(retry.status()).as(retry.text()).isEqualTo(202);
        JsonNode ended = awaitEnded(s, retry.json().get("id").asText());
        assertThat(ended.get("status").asText()).isEqualTo("success");
        assertThat(ended.get("input").get("order").asInt()).isEqualTo(18);
    }

    @Test
    void executionStillRunningWhenTheServerStopsReadsFailedInstanceStoppedAfterARestart() throws Exception {
        String executionId;
        String workflowId;
        TestServer first = TestServer.start();
        try {
            workflowId = first.create(delayThenCall(30, 300));
            Reply started = first.post("/api/workflows/" + workflowId + "/run", "{}");
            assertThat(started.status()).isEqualTo(202);
            executionId = started.json().get("id").asText();
            awaitNodeStarted(first, executionId, "in");
        } finally {
            first.close();
        }

        try (TestServer second = TestServer.start(Map.of("WEBOPS_DATA", first.dataDir.toString()))) {
            JsonNode ex = second.get("/api/executions/" + executionId).json();
            assertThat(ex.get("status").asText()).isEqualTo("failed");
            // a manual run is not resumed: the stop (its drain of 0 s here) ended it
            assertThat(ex.get("error_message").asText()).startsWith("Instance stopped before the execution finished");
            assertThat(ex.get("completed_at").isNull()).isFalse();
            JsonNode wf = second.get("/api/workflows/" + workflowId).json();
            assertThat(wf.get("total_executions").asLong()).isEqualTo(1);
            assertThat(wf.get("failed_executions").asLong()).isEqualTo(1);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static final String ECHO = """
            {"name": "echo", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "count", "type": "transform", "config": {"type": "jmespath", "query": "{order: order, n: length(items || `[]`)}"}}],
             "connections": [{"source": "in", "target": "count"}]}
            """;

    /** in → wait (delay) → after (an HTTP call to the counting server). */
    private static String delayThenCall(int delaySeconds, int timeoutSeconds) {
        return """
                {"name": "delay then call", "settings": {"timeout_seconds": %d},
                 "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "wait", "type": "delay", "config": {"seconds": %d}},
                  {"id": "after", "type": "api_call", "config": {"url": "http://127.0.0.1:%d/after-delay", "method": "POST"}}],
                 "connections": [{"source": "in", "target": "wait"}, {"source": "wait", "target": "after"}]}
                """.formatted(timeoutSeconds, delaySeconds, downstream.getAddress().getPort());
    }

    private static String startRun(String workflowId, String input) throws Exception {
        Reply r = s.post("/api/workflows/" + workflowId + "/run", input);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static void awaitNodeStarted(String executionId, String node) throws Exception {
        awaitNodeStarted(s, executionId, node);
    }

    /** Waits until the execution is known and has logged the node (or briefly, if logs show only at the end). */
    private static void awaitNodeStarted(TestServer server, String executionId, String node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            Reply r = server.get("/api/executions/" + executionId);
            if (r.status() == 200 && ranNodes(r.json()).contains(node)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static java.util.List<String> ranNodes(JsonNode execution) {
        java.util.List<String> ran = new java.util.ArrayList<>();
        for (JsonNode log : execution.get("node_logs")) {
            if (!"skipped".equals(log.get("status").asText())) {
                ran.add(log.get("node_id").asText());
            }
        }
        return ran;
    }

    private static JsonNode awaitEnded(TestServer server, String executionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode ex = null;
        while (System.nanoTime() < deadline) {
            ex = server.get("/api/executions/" + executionId).json();
            if (!"running".equals(ex.get("status").asText())) {
                return ex;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + executionId + " did not end: " + ex);
    }
}
