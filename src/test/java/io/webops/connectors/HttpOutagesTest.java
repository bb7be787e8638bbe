package io.webops.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an HTTP node makes of an endpoint that is down: with {@code fail_on_status: false} an error status is data for
 * the next node; a call that gets no answer goes to the error handle saying why ({@code Timeout}, {@code Unreachable}).
 */
class HttpOutagesTest {

    static TestServer server;
    static FakeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        api = new FakeApi();
    }

    @AfterAll
    static void stop() {
        api.close();
        server.close();
    }

    /** {@code check → handle} on error, {@code check → seen} on output. */
    static String watching(String url, String extraConfig) throws Exception {
        return server.create("""
                {"name": "watch", "nodes": [
                  {"id": "check", "type": "api_request", "timeout_seconds": 1,
                   "config": {"url": "%s"%s}},
                  {"id": "seen", "type": "transform", "config": {"query": "{status: status, body: body}"}},
                  {"id": "handle", "type": "error_handler"}],
                 "connections": [{"source": "check", "target": "seen"},
                                 {"source": "check", "target": "handle", "sourceHandle": "error"}]}"""
                .formatted(url, extraConfig));
    }

    @Test
    void anErrorStatusIsDataWhenTheNodeDoesNotFailOnStatus() throws Exception {
        api.on("/health", FakeApi.Response.json(503, "{\"db\": \"down\"}"));
        JsonNode ex = server.runAndWait(watching(api.url("/health"), ", \"fail_on_status\": false"), "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").toString()).isEqualTo("{\"status\":503,\"body\":{\"db\":\"down\"}}");
        assertThat(TestServer.nodeLog(ex, "handle").get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void anErrorStatusFailsTheNodeByDefault() throws Exception {
        api.on("/broken", FakeApi.Response.json(503, "{}"));
        JsonNode ex = server.runAndWait(watching(api.url("/broken"), ""), "{}");

        JsonNode error = TestServer.nodeLog(ex, "handle").get("input");
        assertThat(error.get("type").asText()).isEqualTo("HttpError");
        assertThat(error.get("message").asText()).contains("answered 503");
    }

    @Test
    void aClosedPortReachesTheErrorHandleAsUnreachable() throws Exception {
        int closed = TestServer.freePort();
        JsonNode ex = server.runAndWait(watching("http://127.0.0.1:" + closed + "/health?token=abc", ""), "{\"probe\": 1}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        JsonNode error = TestServer.nodeLog(ex, "handle").get("input");
        assertThat(error.get("type").asText()).isEqualTo("Unreachable");
        assertThat(error.get("message").asText())
                .startsWith("Node 'check': GET http://127.0.0.1:" + closed + "/health could not be reached (connection refused)")
                .doesNotContain("token=abc");
        assertThat(error.get("node_id").asText()).isEqualTo("check");
        assertThat(error.get("input").get("probe").asInt()).isEqualTo(1);
    }

    @Test
    void noAnswerWithinTheNodeTimeoutReachesTheErrorHandleAsATimeout() throws Exception {
        try (FakeApi slow = new FakeApi()) { // its one thread sleeps: a fake of its own
            slow.on("/slow", request -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            return FakeApi.Response.json(200, "{}");
            });
            JsonNode ex = server.runAndWait(watching(slow.url("/slow"), ", \"fail_on_status\": false"), "{}");

            JsonNode error = TestServer.nodeLog(ex, "handle").get("input");
            assertThat(error.get("type").asText()).isEqualTo("Timeout");
            assertThat(error.get("message").asText())
                    .startsWith("Node 'check': GET " + slow.url("/slow") + " got no answer within 1000 ms (timeout)");
            assertThat(TestServer.nodeLog(ex, "check").get("status").asText()).isEqualTo("failed");
        }
    }
}
