package io.webops.runtime;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of §4, one test each, over the HTTP API of a real server. */
class ExecutionSemanticsTest {

    private static TestServer server;
    private static HttpServer upstream;
    private static final AtomicInteger flakyCalls = new AtomicInteger();
    private static final AtomicInteger slowOnceCalls = new AtomicInteger();
    private static final List<Long> limitedCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/flaky", ex -> {
            int n = flakyCalls.incrementAndGet();
            byte[] body = (n <= 2 ? "{\"error\":\"busy\"}" : "{\"ok\":true,\"calls\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(n <= 2 ? 503 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.createContext("/limited", ex -> {
            limitedCalls.add(System.nanoTime());
            if (limitedCalls.size() == 1) {
                ex.getResponseHeaders().add("Retry-After", "1");
                ex.sendResponseHeaders(429, -1);
            } else {
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        upstream.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        upstream.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        upstream.createContext("/slow-once", ex -> {
            if (slowOnceCalls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(2500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        upstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
        server.close();
    }

    private static String upstream(String path) {
        return "http://127.0.0.1:" + upstream.getAddress().getPort() + path;
    }

    private static List<JsonNode> logs(JsonNode execution, String nodeId) {
        List<JsonNode> out = new ArrayList<>();
        execution.get("node_logs").forEach(l -> {
            if (l.get("node_id").asText().equals(nodeId)) {
                out.add(l);
            }
        });
        return out;
    }

    private static JsonNode run(String workflow, String input) throws Exception {
        return server.runAndWait(server.create(workflow), input);
    }

    @Test
    void rootNodesReceiveTheExecutionInput() throws Exception {
        JsonNode ex = run("""
            {"name": "roots", "nodes": [{"id": "a", "type": "webhook_input"}, {"id": "b", "type": "merge", "config": {"mode": "join"}}],
             "connections": []}""", "{\"x\": 1}");
        assertThat(ex.get("status").asText()).isEqualTo("success");
        assertThat(nodeLog(ex, "a").get("input").get("x").asInt()).isEqualTo(1);
        assertThat(nodeLog(ex, "b").get("input").get("x").asInt()).isEqualTo(1);
        assertThat(ex.get("output").get("a").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void skipsNodeWhenEveryIncomingConditionIsFalseAndTheSkipTravelsOn() throws Exception {
        JsonNode ex = run("""
            {"name": "skip", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "a", "type": "transform", "config": {"type": "jmespath", "query": "@"}},
              {"id": "b", "type": "transform", "config": {"type": "jmespath", "query": "@"}},
              {"id": "c", "type": "transform", "config": {"type": "jmespath", "query": "@"}}],
             "connections": [
              {"source": "in", "target": "a", "condition": {"expression": "data.go == true"}},
              {"source": "a", "target": "b"}, {"source": "in", "target": "c"}]}""", "{\"go\": false}");
        assertThat(ex.get("status").asText()).isEqualTo("success");
        assertThat(nodeLog(ex, "a").get("status").asText()).isEqualTo("skipped");
        assertThat(nodeLog(ex, "b").get("status").asText()).isEqualTo("skipped");
        assertThat(nodeLog(ex, "c").get("status").asText()).isEqualTo("success");
    }

    @Test
    void conditionRoutesOnTrueAndFalseHandles() throws Exception {
        String wf = """
            {"name": "cond", "nodes": [
              {"id": "check", "type": "condition", "config": {"expression": "data.latency > 1000 and data.status == 'ok'"}},
              {"id": "slow", "type": "transform", "config": {"type": "template", "template": "slow"}},
              {"id": "fast", "type": "transform", "config": {"type": "template", "template": "fast"}}],
             "connections": [
              {"source": "check", "target": "slow", "sourceHandle": "true"},
              {"source": "check", "target": "fast", "sourceHandle": "false"}]}""";
        String id = server.create(wf);
        JsonNode slow = server.runAndWait(id, "{\"latency\": 1500, \"status\": \"ok\"}");
        assertThat(slow.get("output").asText()).isEqualTo("slow");
        assertThat(nodeLog(slow, "fast").get("status").asText()).isEqualTo("skipped");
        JsonNode fast = server.runAndWait(id, "{\"latency\": 10, \"status\": \"ok\"}");
        assertThat(fast.get("output").asText()).isEqualTo("fast");
    }

    @Test
    void connectionConditionIsEvaluatedOnTheTransformedOutput() throws Exception {
        JsonNode ex = run("""
            {"name": "conn", "nodes": [{"id": "in", "type": "webhook_input"}, {"id": "out", "type": "merge", "config": {"mode": "join"}}],
             "connections": [{"source": "in", "target": "out",
                              "transform": {"type": "jmespath", "query": "{n: length(items)}"},
                              "condition": {"expression": "data.n > 1"}}]}""", "{\"items\": [1, 2]}");
        assertThat(nodeLog(ex, "out").get("input").get("n").asInt()).isEqualTo(2);
        assertThat(nodeLog(ex, "out").get("status").asText()).isEqualTo("success");
    }

    @Test
    void inputsMergeObjectsKeyByKeyAndPutOtherDataUnderTheSourceId() throws Exception {
        JsonNode ex = run("""
            {"name": "merge-input", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "left", "type": "transform", "config": {"type": "jmespath", "query": "{a: `1`, shared: 'left'}"}},
              {"id": "right", "type": "transform", "config": {"type": "jmespath", "query": "{b: `2`, shared: 'right'}"}},
              {"id": "list", "type": "transform", "config": {"type": "jmespath", "query": "[`1`, `2`]"}},
              {"id": "join", "type": "merge", "config": {"mode": "join"}},
              {"id": "quote", "type": "transform", "config": {"type": "template", "template": "left said {{ nodes.left.shared }}"}}],
             "connections": [
              {"source": "in", "target": "left"}, {"source": "in", "target": "right"}, {"source": "in", "target": "list"},
              {"source": "left", "target": "join"}, {"source": "right", "target": "join"}, {"source": "list", "target": "join"},
              {"source": "join", "target": "quote"}]}""", "{}");
        JsonNode input = nodeLog(ex, "join").get("input");
        assertThat(input.get("a").asInt()).isEqualTo(1);
        assertThat(input.get("b").asInt()).isEqualTo(2);
        assertThat(input.get("shared").asText()).isEqualTo("right");
        assertThat(input.get("list")).hasSize(2);
        assertThat(ex.get("output").asText()).isEqualTo("left said left");
    }

    @Test
    void joinWaitsForEveryActivePredecessor() throws Exception {
        JsonNode ex = run("""
            {"name": "join", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "slow", "type": "delay", "config": {"seconds": 0.3}},
              {"id": "quick", "type": "transform", "config": {"type": "jmespath", "query": "{quick: `true`}"}},
              {"id": "join", "type": "merge", "config": {"mode": "join"}}],
             "connections": [{"source": "in", "target": "slow"}, {"source": "in", "target": "quick"},
                             {"source": "slow", "target": "join"}, {"source": "quick", "target": "join"}]}""", "{\"slow\": true}");
        assertThat(logs(ex, "join")).hasSize(1);
        JsonNode input = nodeLog(ex, "join").get("input");
        assertThat(input.get("slow").asBoolean()).isTrue();
        assertThat(input.get("quick").asBoolean()).isTrue();
    }

    @Test
    void independentBranchesRunConcurrently() throws Exception {
        JsonNode ex = run("""
            {"name": "parallel", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "one", "type": "delay", "config": {"seconds": 1}},
              {"id": "two", "type": "delay", "config": {"seconds": 1}}],
             "connections": [{"source": "in", "target": "one"}, {"source": "in", "target": "two"}]}""", "{}");
        Instant oneStart = Instant.parse(nodeLog(ex, "one").get("started_at").asText());
        Instant twoStart = Instant.parse(nodeLog(ex, "two").get("started_at").asText());
        Instant oneEnd = oneStart.plusMillis(nodeLog(ex, "one").get("duration_ms").asLong());
        assertThat(nodeLog(ex, "one").get("duration_ms").asLong()).isGreaterThanOrEqualTo(900);
        assertThat(twoStart).isBefore(oneEnd);
    }

    @Test
    void disabledNodePassesItsInputThrough() throws Exception {
        JsonNode ex = run("""
            {"name": "disabled", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "off", "type": "transform", "enabled": false, "config": {"type": "jmespath", "query": "nothing"}},
              {"id": "end", "type": "merge", "config": {"mode": "join"}}],
             "connections": [{"source": "in", "target": "off"}, {"source": "off", "target": "end"}]}""", "{\"keep\": 5}");
        assertThat(nodeLog(ex, "off").get("status").asText()).isEqualTo("disabled");
        assertThat(ex.get("output").get("keep").asInt()).isEqualTo(5);
    }

    @Test
    void splitRunsEachItemAndMergeGathersInItemOrder() throws Exception {
        JsonNode ex = run("""
            {"name": "split", "nodes": [
              {"id": "each", "type": "split", "config": {"path": "items", "concurrency": 4}},
              {"id": "double", "type": "transform", "config": {"type": "jmespath", "query": "{v: n}"}},
              {"id": "all", "type": "merge"}],
             "connections": [{"source": "each", "target": "double"}, {"source": "double", "target": "all"}]}""",
                "{\"items\": [{\"n\": 3}, {\"n\": 1}, {\"n\": 2}]}");
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(logs(ex, "double")).hasSize(3);
        JsonNode out = nodeLog(ex, "all").get("output");
        assertThat(out).hasSize(3);
        assertThat(out.get(0).get("v").asInt()).isEqualTo(3);
        assertThat(out.get(1).get("v").asInt()).isEqualTo(1);
        assertThat(out.get(2).get("v").asInt()).isEqualTo(2);
    }

    @Test
    void loopRunsItemsInOrderAndExposesItem() throws Exception {
        JsonNode ex = run("""
            {"name": "loop", "nodes": [
              {"id": "repeat", "type": "loop", "config": {"times": 3}},
              {"id": "label", "type": "transform", "config": {"type": "template", "template": "round {{ item }}"}},
              {"id": "all", "type": "merge"}],
             "connections": [{"source": "repeat", "target": "label"}, {"source": "label", "target": "all"}]}""", "{}");
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        JsonNode out = ex.get("output");
        assertThat(out).hasSize(3);
        assertThat(out.get(0).asText()).isEqualTo("round 0");
        assertThat(out.get(2).asText()).isEqualTo("round 2");
    }

    @Test
    void itemsWhoseNodeFailsIntoItsErrorHandleAreStillGathered() throws Exception {
        for (String split : new String[] {"{\"id\": \"each\", \"type\": \"loop\", \"config\": {\"times\": 2}}",
                "{\"id\": \"each\", \"type\": \"split\", \"config\": {\"path\": \"items\"}}"}) {
            JsonNode ex = run("""
                {"name": "item-errors", "nodes": [
                  %s,
                  {"id": "call", "type": "api_request", "config": {"url": "%s"}},
                  {"id": "caught", "type": "error_handler"},
                  {"id": "all", "type": "merge"}],
                 "connections": [{"source": "each", "target": "call"},
                   {"source": "call", "target": "caught", "sourceHandle": "error"}, {"source": "caught", "target": "all"}]}"""
                    .formatted(split, upstream("/missing")), "{\"items\": [1, 2]}");
            assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
            assertThat(logs(ex, "caught")).hasSize(2);
            assertThat(nodeLog(ex, "all").get("output")).as(ex.toString()).hasSize(2);
        }
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() throws Exception {
        flakyCalls.set(0);
        JsonNode ex = run("""
            {"name": "retry", "nodes": [
              {"id": "call", "type": "api_request", "retry_on_failure": true, "max_retries": 3,
               "config": {"url": "%s"}}], "connections": []}""".formatted(upstream("/flaky")), "{}");
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "call").get("attempts").asInt()).isEqualTo(3);
        assertThat(ex.get("output").get("body").get("ok").asBoolean()).isTrue();
    }

    @Test
    void aRetryAfterAnAttemptThatTimedOutGetsTheNodesTimeoutAgain() throws Exception {
        JsonNode ex = run("""
            {"name": "retry-after-timeout", "nodes": [
              {"id": "call", "type": "api_request", "timeout_seconds": 1, "retry_on_failure": true, "max_retries": 2,
               "config": {"url": "%s"}}], "connections": []}""".formatted(upstream("/slow-once")), "{}");
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "call").get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aRateLimitedCallWaitsAsLongAsTheServersRetryAfterAsks() throws Exception {
        limitedCalls.clear();
        JsonNode ex = run("""
            {"name": "retry-after", "nodes": [
              {"id": "call", "type": "api_request", "retry_on_failure": true, "max_retries": 2,
               "config": {"url": "%s"}}], "connections": []}""".formatted(upstream("/limited")), "{}");
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "call").get("attempts").asInt()).isEqualTo(2);
        long gapMillis = (limitedCalls.get(1) - limitedCalls.get(0)) / 1_000_000;
        assertThat(gapMillis).as("Retry-After: 1 beats the 50 ms backoff").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void clientErrorsFailAtOnceWithoutRetry() throws Exception {
        JsonNode ex = run("""
            {"name": "no-retry", "nodes": [
              {"id": "call", "type": "api_request", "retry_on_failure": true, "max_retries": 3,
               "config": {"url": "%s"}}], "connections": []}""".formatted(upstream("/missing")), "{}");
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "call").get("attempts").asInt()).isEqualTo(1);
        assertThat(ex.get("error_message").asText()).contains("call").contains("404");
    }

    @Test
    void failureFlowsToTheErrorHandleAndTheExecutionGoesOn() throws Exception {
        JsonNode ex = run("""
            {"name": "error-route", "nodes": [
              {"id": "call", "type": "api_request", "config": {"url": "%s"}},
              {"id": "handle", "type": "error_handler"}],
             "connections": [{"source": "call", "target": "handle", "sourceHandle": "error"}]}""".formatted(upstream("/missing")),
                "{\"q\": 1}");
        assertThat(ex.get("status").asText()).isEqualTo("success");
        JsonNode error = nodeLog(ex, "handle").get("input");
        assertThat(error.get("node_id").asText()).isEqualTo("call");
        assertThat(error.get("message").asText()).contains("404");
        assertThat(error.get("type").asText()).isEqualTo("HttpError");
        assertThat(error.get("input").get("q").asInt()).isEqualTo(1);
        assertThat(nodeLog(ex, "call").get("status").asText()).isEqualTo("failed");
    }

    @Test
    void catchAllErrorHandlerRunsAndTheExecutionStaysFailed() throws Exception {
        JsonNode ex = run("""
            {"name": "catch-all", "nodes": [
              {"id": "call", "type": "api_request", "config": {"url": "%s"}},
              {"id": "after", "type": "merge", "config": {"mode": "join"}},
              {"id": "oops", "type": "error_handler"},
              {"id": "report", "type": "transform", "config": {"type": "template", "template": "failed at {{ data.node_id }}"}}],
             "connections": [{"source": "call", "target": "after"}, {"source": "oops", "target": "report"}]}"""
                .formatted(upstream("/missing")), "{}");
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(logs(ex, "after")).isEmpty();
        assertThat(nodeLog(ex, "oops").get("input").get("node_id").asText()).isEqualTo("call");
        assertThat(nodeLog(ex, "report").get("output").asText()).isEqualTo("failed at call");
    }

    @Test
    void nodePastItsTimeoutFailsWithATimeout() throws Exception {
        JsonNode ex = run("""
            {"name": "node-timeout", "nodes": [
              {"id": "call", "type": "api_request", "timeout_seconds": 1, "config": {"url": "%s"}}], "connections": []}"""
                .formatted(upstream("/slow")), "{}");
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText().toLowerCase()).contains("timeout");
    }

    @Test
    void executionPastTheWorkflowTimeoutEndsTimeout() throws Exception {
        JsonNode ex = run("""
            {"name": "wf-timeout", "settings": {"timeout_seconds": 1}, "nodes": [
              {"id": "wait", "type": "delay", "config": {"seconds": 5}},
              {"id": "after", "type": "merge", "config": {"mode": "join"}}],
             "connections": [{"source": "wait", "target": "after"}]}""", "{}");
        assertThat(ex.get("status").asText()).isEqualTo("timeout");
        Thread.sleep(4500);
        JsonNode later = server.get("/api/executions/" + ex.get("id").asText()).json();
        assertThat(later.get("status").asText()).isEqualTo("timeout");
        assertThat(logs(later, "after")).isEmpty();
    }

    @Test
    void severalSinksGiveAnObjectKeyedByNodeId() throws Exception {
        JsonNode ex = run("""
            {"name": "sinks", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "x", "type": "transform", "config": {"type": "jmespath", "query": "a"}},
              {"id": "y", "type": "transform", "config": {"type": "jmespath", "query": "b"}}],
             "connections": [{"source": "in", "target": "x"}, {"source": "in", "target": "y"}]}""", "{\"a\": 1, \"b\": 2}");
        assertThat(ex.get("output").get("x").asInt()).isEqualTo(1);
        assertThat(ex.get("output").get("y").asInt()).isEqualTo(2);
    }

    @Test
    void filterAndAggregateWorkOnArraysAtAPath() throws Exception {
        JsonNode ex = run("""
            {"name": "etl", "nodes": [
              {"id": "keep", "type": "filter", "config": {"path": "rows", "condition": "item.valid"}},
              {"id": "stats", "type": "aggregate", "config": {"path": "rows", "group_by": "team",
                 "operations": [{"op": "sum", "field": "n", "as": "total"}, {"op": "count", "as": "rows"}]}}],
             "connections": [{"source": "keep", "target": "stats"}]}""",
                "{\"rows\": [{\"team\": \"a\", \"n\": 1, \"valid\": true}, {\"team\": \"b\", \"n\": 5, \"valid\": true},"
                        + " {\"team\": \"a\", \"n\": 2, \"valid\": true}, {\"team\": \"a\", \"n\": 100, \"valid\": false}]}");
        JsonNode out = ex.get("output");
        assertThat(out).hasSize(2);
        assertThat(out.get(0).get("team").asText()).isEqualTo("a");
        assertThat(out.get(0).get("total").asInt()).isEqualTo(3);
        assertThat(out.get(0).get("rows").asInt()).isEqualTo(2);
        assertThat(out.get(1).get("total").asInt()).isEqualTo(5);
    }
}
