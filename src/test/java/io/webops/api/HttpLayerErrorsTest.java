package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error answers the JSON error shape of §6, those the HTTP server gives by itself included, and a request
 * nested deeper than the parsers take is a 4xx with one log line, never a stack overflow logged in full.
 */
class HttpLayerErrorsTest {

    private static final int MAX_BODY = 65_536;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_MAX_BODY_BYTES", String.valueOf(MAX_BODY), "WEBOPS_WORKFLOW_MAX_NODES", "50"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aBodyOverTheLimitIsA413InTheJsonErrorShapeWhetherAnnouncedOrChunked() throws Exception {
        String id = s.create("""
                {"name": "limited", "trigger": {"type": "webhook", "path": "limited", "respond": "when_finished"},
                 "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        String big = "{\"x\": \"" + "a".repeat(MAX_BODY * 4) + "\"}";
        List<Reply> replies = List.of(
                s.post("/webhooks/limited", big),
                s.post("/api/workflows", big),
                s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/limited")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))));
        for (Reply r : replies) {
            assertError(r, 413, "payload_too_large");
            assertThat(r.json().at("/error/message").asText())
                    .isEqualTo("The request body is larger than the limit of 65536 bytes (WEBOPS_WEBHOOK_MAX_BODY_BYTES)");
        }
        assertThat(s.post("/webhooks/limited", "{}").status()).as("the webhook still answers").isEqualTo(200);
    }

    @Test
    void anUnknownPathIsA404AndAMethodAPathDoesNotTakeA405InTheJsonErrorShape() throws Exception {
        assertError(s.get("/api/no-such-thing"), 404, "not_found");
        assertError(s.get("/webhooks/no-such-hook"), 404, "not_found");
        Reply wrongMethod = s.delete("/api/node-types");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.json().at("/error/message").asText()).isEqualTo("/api/node-types does not take DELETE");
    }

    @Test
    void requestsNestedDeeperThanTheParsersTakeAre4xxWithOneLogLineEach() throws Exception {
        String parens = "(".repeat(10_000) + "%s" + ")".repeat(10_000);
        Map<String, String> queries = Map.of("jslt", parens.formatted(".a"), "jmespath", parens.formatted("a"));
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Reply r = quietly(() -> s.post("/api/workflows", transform(q.getKey(), q.getValue())));
            assertError(r, 422, "validation_failed");
            assertThat(r.json().at("/error/details/0/node_id").asText()).isEqualTo("t");
            assertThat(r.json().at("/error/details/0/message").asText())
                    .startsWith("Node 't': config.query does not compile: ").contains("nested too deeply");
        }
        for (String condition : new String[] {parens.formatted("data"), "(".repeat(3_000) + "data" + ")".repeat(3_000),
                "not ".repeat(10_000) + "true", "not ".repeat(2_000) + "true"}) {
            Reply node = quietly(() -> s.post("/api/workflows", Json.write(Map.of("name", "deep condition",
                    "nodes", List.of(Map.of("id", "c", "type", "condition", "config", Map.of("expression", condition))),
                    "connections", List.of()))));
            assertError(node, 422, "validation_failed");
            assertThat(node.json().at("/error/details/0/message").asText()).startsWith("Node 'c': config.expression");
            Reply connection = quietly(() -> s.post("/api/workflows", Json.write(Map.of("name", "deep connection",
                    "nodes", List.of(Map.of("id", "a", "type", "webhook_input"), Map.of("id", "b", "type", "webhook_input")),
                    "connections", List.of(Map.of("source", "a", "target", "b", "condition", condition))))));
            assertError(connection, 422, "validation_failed");
            assertThat(connection.json().at("/error/details/0/connection").asInt()).isZero();
        }
        Reply deepDocument = quietly(() -> s.post("/api/workflows", "{\"name\": \"x\", \"nodes\": "
                + "[".repeat(10_000) + "]".repeat(10_000) + ", \"connections\": []}"));
        assertError(deepDocument, 400, "invalid_json");
    }

    @Test
    void whatCouldNotBeDeployedOrStoredIsRefusedWhenSaved() throws Exception {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            nodes.add(Map.of("id", "n" + i, "type", "webhook_input"));
        }
        Reply tooMany = s.post("/api/workflows", Json.write(Map.of("name", "many", "nodes", nodes, "connections", List.of())));
        assertError(tooMany, 422, "validation_failed");
        assertThat(tooMany.json().at("/error/details/0/message").asText())
                .isEqualTo("The workflow has 51 nodes, more than the limit of 50 (WEBOPS_WORKFLOW_MAX_NODES)");
        assertThat(s.post("/api/workflows", Json.write(Map.of("name", "enough", "nodes", nodes.subList(0, 50),
                "connections", List.of()))).status()).isEqualTo(201);

        Reply longName = s.post("/api/workflows", Json.write(Map.of("name", "n".repeat(1_001), "nodes", List.of(),
                "connections", List.of())));
        assertError(longName, 422, "validation_failed");
        assertThat(longName.json().at("/error/details/0/message").asText())
                .isEqualTo("name is 1001 characters long, more than the 1000 a workflow name may have");
    }

    private static void assertError(Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("details").isArray()).isTrue();
    }

    /** The request's answer; fails if the server logged a stack trace meanwhile. */
    private static Reply quietly(Callable<Reply> request) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        Reply r;
        try {
            r = request.call();
        } finally {
            System.setErr(err);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        err.print(log);
        assertThat(log.lines().filter(l -> l.startsWith("\tat ")).count()).as("stack trace lines logged").isZero();
        return r;
    }

    private static String transform(String language, String query) {
        return Json.write(Map.of("name", "deep " + language,
                "nodes", List.of(Map.of("id", "t", "type", "transform", "config", Map.of("type", language, "query", query))),
                "connections", List.of()));
    }
}
