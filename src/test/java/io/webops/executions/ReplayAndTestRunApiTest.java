package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replay from a node ({@code POST /api/executions/{id}/replay}) and test runs with pinned data
 * ({@code POST /api/workflows/{id}/test-run}): the nodes before the replayed one, pinned nodes and nodes outside a run
 * up to a node make no call; a loopback receiver records every call each node makes.
 */
class ReplayAndTestRunApiTest {

    private static TestServer s;
    private static HttpServer receiver;
    /** The bodies each path received, in order. */
    private static final Map<String, List<String>> calls = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            List<String> seen = calls.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>());
            seen.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"n\": " + seen.size() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(path.equals("/fail") ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        s.close();
        receiver.stop(0);
    }

    @BeforeEach
    void forget() {
        calls.clear();
    }

    @Test
    void replayFromANodeReusesTheOutputsBeforeItAndRunsItAndWhatFollows() throws Exception {
        String id = s.create(chain());
        JsonNode first = s.runAndWait(id, Map.of("order", 7));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("success");
        assertThat(calls("/a")).hasSize(1);
        assertThat(calls("/b")).containsExactly("{\"n\":1}");

        Reply replay = s.post("/api/executions/" + first.get("id").asText() + "/replay?wait=true", Map.of("from_node", "shape"));

        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        JsonNode again = replay.json();
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("success");
        assertThat(again.get("id").asText()).isNotEqualTo(first.get("id").asText());
        assertThat(again.get("trigger_type").asText()).isEqualTo("replay");
        assertThat(again.get("trigger_data").get("replay")).isEqualTo(Json.parse(
                "{\"of\": \"" + first.get("id").asText() + "\", \"from_node\": \"shape\"}"));
        assertThat(calls("/a")).as("the node before the replayed one makes no call").hasSize(1);
        assertThat(calls("/b")).containsExactly("{\"n\":1}", "{\"n\":1}");
        JsonNode fetch = TestServer.nodeLog(again, "fetch");
        assertThat(fetch.get("status").asText()).isEqualTo("success");
        assertThat(fetch.get("details").get("reused_from").asText()).isEqualTo(first.get("id").asText());
        assertThat(fetch.get("output")).isEqualTo(TestServer.nodeLog(first, "fetch").get("output"));
        assertThat(TestServer.nodeLog(again, "shape").path("details").has("reused_from")).isFalse();
        assertThat(TestServer.nodeLog(again, "send").get("status").asText()).isEqualTo("success");
    }

    @Test
    void replayFromTheFirstNodeWithACallRunsItAgain() throws Exception {
        String id = s.create(chain());
        JsonNode first = s.runAndWait(id, Map.of("order", 8));

        JsonNode again = s.post("/api/executions/" + first.get("id").asText() + "/replay?wait=true",
                Map.of("from_node", "fetch")).json();

        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("success");
        assertThat(calls("/a")).hasSize(2);
        assertThat(calls("/b")).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(TestServer.nodeLog(again, "in").get("details").get("reused_from").asText()).isEqualTo(first.get("id").asText());
    }

    @Test
    void replayInsideASplitReusesEachItemsOwnOutput() throws Exception {
        String id = s.create("""
                {"name": "per item", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "each", "type": "split", "config": {"path": "items"}},
                  {"id": "fetch", "type": "api_call", "config": {"url": "%s/a", "method": "POST"}},
                  {"id": "shape", "type": "transform", "config": {"type": "jmespath", "query": "{n: body.n}"}},
                  {"id": "send", "type": "webhook_output", "config": {"url": "%s/b"}}],
                 "connections": [{"source": "in", "target": "each"}, {"source": "each", "target": "fetch"},
                   {"source": "fetch", "target": "shape"}, {"source": "shape", "target": "send"}]}
                """.formatted(base(), base()));
        JsonNode first = s.runAndWait(id, Map.of("items", List.of(1, 2, 3)));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("success");
        List<String> firstBodies = sorted(calls("/b"));

        JsonNode again = s.post("/api/executions/" + first.get("id").asText() + "/replay?wait=true",
                Map.of("from_node", "shape")).json();

        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("success");
        assertThat(calls("/a")).hasSize(3);
        assertThat(calls("/b")).hasSize(6);
        assertThat(sorted(calls("/b").subList(3, 6))).isEqualTo(firstBodies).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        for (JsonNode log : again.get("node_logs")) {
            if (log.get("node_id").asText().equals("fetch")) {
                assertThat(log.get("details").get("reused_from").asText()).isEqualTo(first.get("id").asText());
            }
        }
    }

    @Test
    void testRunUpToANodeGivesPinnedNodesTheirPinAndRunsNothingAfterIt() throws Exception {
        JsonNode doc = Json.parse(chain());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).set("pin_data", Json.parse("{\"fetch\": {\"body\": {\"n\": 42}}}"));
        String id = s.create(Json.write(doc));

        Reply run = s.post("/api/workflows/" + id + "/test-run?wait=true", Map.of("input", Map.of("order", 9), "to_node", "shape"));

        assertThat(run.status()).as(run.text()).isEqualTo(200);
        JsonNode ex = run.json();
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("trigger_type").asText()).isEqualTo("test");
        assertThat(ex.get("output")).isEqualTo(Json.parse("{\"n\": 42}"));
        assertThat(calls).as("a pinned node and the nodes after the target make no call").isEmpty();
        assertThat(TestServer.nodeLog(ex, "fetch").get("details").get("pinned").asBoolean()).isTrue();
        assertThat(TestServer.nodeLog(ex, "send").get("status").asText()).isEqualTo("skipped");

        JsonNode production = s.runAndWait(id, Map.of("order", 9));
        assertThat(production.get("status").asText()).isEqualTo("success");
        assertThat(calls("/a")).as("pins are for test runs only").hasSize(1);
        assertThat(calls("/b")).containsExactly("{\"n\":1}");
    }

    @Test
    void testRunOfOneNodeTakesItsInputFromTheLatestExecution() throws Exception {
        String id = s.create(chain());
        JsonNode first = s.runAndWait(id, Map.of("order", 10));

        Reply run = s.post("/api/workflows/" + id + "/test-run?wait=true", Map.of("to_node", "send", "single", true));

        assertThat(run.status()).as(run.text()).isEqualTo(200);
        JsonNode ex = run.json();
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(calls("/a")).hasSize(1);
        assertThat(calls("/b")).containsExactly("{\"n\":1}", "{\"n\":1}");
        assertThat(TestServer.nodeLog(ex, "shape").get("details").get("reused_from").asText()).isEqualTo(first.get("id").asText());
        assertThat(ex.get("trigger_data").get("test_run").get("from_execution").asText()).isEqualTo(first.get("id").asText());
    }

    @Test
    void testRunOfOneNodeWithoutTheOutputsBeforeItIsRefusedNamingTheNode() throws Exception {
        String id = s.create(chain());

        Reply run = s.post("/api/workflows/" + id + "/test-run?wait=true", Map.of("to_node", "send", "single", true));

        assertThat(run.status()).as(run.text()).isEqualTo(409);
        assertThat(run.json().get("error").get("message").asText()).isEqualTo(
                "Node 'send' needs the output of 'shape': pin data on 'shape' or run the workflow up to 'shape' first");
        assertThat(calls).isEmpty();
    }

    @Test
    void badRequestsAreRefusedWithWhatIsWrong() throws Exception {
        String id = s.create(chain());
        JsonNode first = s.runAndWait(id, Map.of("order", 11));
        String path = "/api/executions/" + first.get("id").asText() + "/replay";

        Reply unknown = s.post(path, Map.of("from_node", "nope"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").get("message").asText()).isEqualTo("from_node 'nope' is not a node of workflow '" + id + "'");
        assertThat(s.post(path, Map.of()).status()).isEqualTo(400);
        assertThat(s.post("/api/executions/no-such/replay", Map.of("from_node", "shape")).status()).isEqualTo(404);

        JsonNode replayed = s.post(path + "?wait=true", Map.of("from_node", "send")).json();
        Reply retry = s.post("/api/executions/" + replayed.get("id").asText() + "/retry", "{}");
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("error").get("message").asText()).contains("replay it from a node");

        Reply pinnedNowhere = s.put("/api/workflows/" + id, ((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(chain()))
                .set("pin_data", Json.parse("{\"gone\": 1}")));
        assertThat(pinnedNowhere.status()).isEqualTo(422);
        assertThat(pinnedNowhere.text()).contains("pin_data.gone: there is no node 'gone' in this workflow");
    }

    @Test
    void replayAfterANodeThatFailedOntoItsErrorHandleIsRefused() throws Exception {
        String id = s.create("""
                {"name": "error route", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "bad", "type": "api_call", "config": {"url": "%s/fail", "method": "POST"}},
                  {"id": "handled", "type": "transform", "config": {"type": "jmespath", "query": "{handled: message}"}}],
                 "connections": [{"source": "in", "target": "bad"},
                   {"source": "bad", "sourceHandle": "error", "target": "handled"}]}
                """.formatted(base()));
        JsonNode first = s.runAndWait(id, "{}");
        assertThat(TestServer.nodeLog(first, "bad").get("status").asText()).isEqualTo("failed");

        Reply replay = s.post("/api/executions/" + first.get("id").asText() + "/replay", Map.of("from_node", "handled"));

        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.json().get("error").get("message").asText()).isEqualTo("Node 'bad' failed in execution "
                + first.get("id").asText() + " and its error is not kept: replay from 'bad' or from a node before it");
        assertThat(s.post("/api/executions/" + first.get("id").asText() + "/replay?wait=true", Map.of("from_node", "bad"))
                .json().get("status").asText()).isEqualTo("success");
        assertThat(calls("/fail")).hasSize(2);
    }

    /** in → fetch (POST /a, answers {n}) → shape ({n}) → send (POSTs it to /b). */
    private static String chain() {
        return """
                {"name": "chain", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "fetch", "type": "api_call", "config": {"url": "%s/a", "method": "POST"}},
                  {"id": "shape", "type": "transform", "config": {"type": "jmespath", "query": "{n: body.n}"}},
                  {"id": "send", "type": "webhook_output", "config": {"url": "%s/b"}}],
                 "connections": [{"source": "in", "target": "fetch"}, {"source": "fetch", "target": "shape"},
                   {"source": "shape", "target": "send"}]}
                """.formatted(base(), base());
    }

    private static String base() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    private static List<String> calls(String path) {
        return calls.getOrDefault(path, List.of());
    }

    private static List<String> sorted(List<String> bodies) {
        List<String> copy = new ArrayList<>(bodies);
        copy.sort(null);
        return copy;
    }
}
