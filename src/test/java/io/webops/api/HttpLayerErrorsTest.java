package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error answers the JSON error shape of §6, those the HTTP server gives by itself included.
 */
class HttpLayerErrorsTest {

    private static final int MAX_BODY = 65_536;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_MAX_BODY_BYTES", String.valueOf(MAX_BODY)));
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

    private static void assertError(Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("details").isArray()).isTrue();
    }
}
