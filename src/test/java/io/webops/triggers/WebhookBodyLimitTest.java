package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A webhook's own body limit (trigger.max_body_bytes) lowers or raises the port's (WEBOPS_WEBHOOK_MAX_BODY_BYTES)
 * for that webhook only, up to WEBOPS_WEBHOOK_MAX_BODY_BYTES_CEILING; a larger body is a 413 naming the limit.
 */
class WebhookBodyLimitTest {

    private static final int PORT_LIMIT = 65_536;
    private static final int CEILING = 1_048_576;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_MAX_BODY_BYTES", String.valueOf(PORT_LIMIT),
                "WEBOPS_WEBHOOK_MAX_BODY_BYTES_CEILING", String.valueOf(CEILING)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** A when_finished webhook answering how long the text it got was. */
    private static String workflow(String path, String limit) {
        return """
                {"name": "limit %s", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"%s},
                 "nodes": [{"id": "in", "type": "webhook_input"},
                           {"id": "size", "type": "transform", "config": {"type": "jmespath", "query": "{length: length(x)}"}}],
                 "connections": [{"source": "in", "target": "size"}]}"""
                .formatted(path, path, limit == null ? "" : ", \"max_body_bytes\": " + limit);
    }

    private static void active(String path, String limit) throws Exception {
        String id = s.create(workflow(path, limit));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
    }

    private static String body(int textLength) {
        return "{\"x\": \"" + "a".repeat(textLength) + "\"}";
    }

    private static Reply chunked(String path, String body) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))));
    }

    private static void assertTooLarge(Reply r, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(413);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.json().at("/error/code").asText()).isEqualTo("payload_too_large");
        assertThat(r.json().at("/error/message").asText()).isEqualTo(message);
    }

    @Test
    void aWebhookThatRaisesItsLimitTakesABodyThePortRefusesElsewhere() throws Exception {
        active("raised", "524288");
        active("port-limit", null);
        String body = body(300_000);

        Reply raised = s.post("/webhooks/raised", body);
        assertThat(raised.status()).as(raised.text()).isEqualTo(200);
        assertThat(raised.json().get("length").asInt()).isEqualTo(300_000);
        assertThat(chunked("/webhooks/raised", body).json().get("length").asInt()).isEqualTo(300_000);

        String portMessage = "The request body is larger than the limit of " + PORT_LIMIT + " bytes (WEBOPS_WEBHOOK_MAX_BODY_BYTES)";
        assertTooLarge(s.post("/webhooks/port-limit", body), portMessage);
        assertTooLarge(chunked("/webhooks/port-limit", body), portMessage);
        assertTooLarge(s.post("/api/workflows", body), portMessage);
        assertThat(s.post("/webhooks/port-limit", body(100)).json().get("length").asInt()).isEqualTo(100);
    }

    @Test
    void aWebhookThatLowersItsLimitRefusesALargerBodyWith413NamingItAnnouncedOrChunked() throws Exception {
        active("lowered", "1000");
        String message = "The request body is larger than this webhook's limit of 1000 bytes (its trigger.max_body_bytes)";

        assertTooLarge(s.post("/webhooks/lowered", body(2_000)), message);
        assertTooLarge(chunked("/webhooks/lowered", body(2_000)), message);
        assertThat(s.post("/webhooks/lowered", body(900)).json().get("length").asInt()).isEqualTo(900);
        assertThat(s.get("/observe/health").json().get("running_executions").asInt()).isZero();
    }

    @Test
    void theLimitGoesWithTheWorkflowVersionThatSetIt() throws Exception {
        String id = s.create(workflow("changed", "1000"));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        assertThat(s.post("/webhooks/changed", body(2_000)).status()).isEqualTo(413);

        Reply updated = s.put("/api/workflows/" + id, workflow("changed", null));
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);

        Reply r = s.post("/webhooks/changed", body(2_000));
        assertThat(r.status()).as("back to the port's limit: " + r.text()).isEqualTo(200);
        assertThat(r.json().get("length").asInt()).isEqualTo(2_000);
    }

    @Test
    void aLimitAboveTheCeilingIsRefusedWhenSavedNamingTheFieldAndTheSetting() throws Exception {
        Reply r = s.post("/api/workflows", workflow("too-big", String.valueOf(2 * CEILING)));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/field").asText()).isEqualTo("trigger.max_body_bytes");
        assertThat(r.json().at("/error/details/0/message").asText()).isEqualTo("trigger.max_body_bytes " + 2 * CEILING
                + " is more than this instance allows: at most " + CEILING + " bytes (WEBOPS_WEBHOOK_MAX_BODY_BYTES_CEILING)");
    }
}
