package io.webops.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ownership on every path, not only the CRUD routes: what a workflow uses when it runs (a sub-workflow, a followed
 * workflow, a credential, an agent, a user to notify) is checked at each run against the workflow's owner, and what
 * a user cannot read answers exactly as if it did not exist.
 */
class OwnershipPathsTest {

    private static TestServer server;
    private static TestServer alice;
    private static TestServer bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = server.as(server.userToken("alice@ownership.test", "editor"));
        bob = server.as(server.userToken("bob@ownership.test", "editor"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- webhooks ----------------------------------------------------------------------------

    @Test
    void aTakenWebhookPathNamesNoOtherUsersWorkflowAndTheRefusedDraftStillRunsByHand() throws Exception {
        String path = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String hers = alice.create(answering(path, "alice", null));
        assertThat(alice.post("/api/workflows/" + hers + "/activate", "{}").status()).isEqualTo(200);
        String his = bob.create(answering(path, "bob", null));

        Reply refused = bob.post("/api/workflows/" + his + "/activate", "{}");
        Reply run = bob.post("/api/workflows/" + his + "/run?wait=true", "{}");

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().at("/error/message").asText()).contains("/webhooks/" + path).doesNotContain(hers);
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        assertThat(run.json().get("status").asText()).isEqualTo("success");
        assertThat(run.json().get("output").asText()).isEqualTo("bob");
        assertThat(bob.get("/api/workflows/" + his).json().get("status").asText()).isEqualTo("draft");
        assertThat(hook(path, "{}").text()).as("the path still answers with its holder").isEqualTo("alice");

        assertThat(alice.post("/api/workflows/" + hers + "/disable", "{}").status()).isEqualTo(200);
        Reply activated = bob.post("/api/workflows/" + his + "/activate", "{}");
        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
        assertThat(hook(path, "{}").text()).as("the path once it is free").isEqualTo("bob");
    }

    @Test
    void theHeadersCarryingAWebhooksSecretOrSignatureAreNotKeptInTheExecution() throws Exception {
        String path = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        String id = alice.create(answering(path, "ok",
                "{\"type\": \"header\", \"name\": \"X-Hook-Key\", \"value\": \"hook-key-0123456789\"}"));
        assertThat(alice.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        String hmacPath = "hmac-" + UUID.randomUUID().toString().substring(0, 8);
        String hmacId = alice.create(answering(hmacPath, "ok",
                "{\"type\": \"hmac\", \"header\": \"X-Our-Signature\", \"secret\": \"hmac-secret-0123\"}"));
        assertThat(alice.post("/api/workflows/" + hmacId + "/activate", "{}").status()).isEqualTo(200);
        List<String> dropped = List.of("X-Webhook-Secret", "X-Signature-256", "X-Hub-Signature", "X-Hub-Signature-256",
                "Stripe-Signature", "X-Slack-Signature", "X-Shopify-Hmac-Sha256", "webhook-signature", "Proxy-Authorization");
        String[] headers = new String[2 * dropped.size() + 4];
        for (int i = 0; i < dropped.size(); i++) {
            headers[2 * i] = dropped.get(i);
            headers[2 * i + 1] = "signature-value-" + i;
        }
        headers[headers.length - 4] = "X-Hook-Key";
        headers[headers.length - 3] = "hook-key-0123456789";
        headers[headers.length - 2] = "X-Custom";
        headers[headers.length - 1] = "kept";
        String timestamp = String.valueOf(java.time.Instant.now().getEpochSecond());
        String signature = "sha256=" + hmac("hmac-secret-0123", timestamp + ".{}");

        assertThat(hook(path, "{}", headers).text()).isEqualTo("ok");
        assertThat(hook(hmacPath, "{}", "X-Our-Signature", signature, "X-Webhook-Timestamp", timestamp).text()).isEqualTo("ok");

        JsonNode kept = latestExecution(id).get("trigger_data").get("headers");
        assertThat(kept.get("x-custom").asText()).isEqualTo("kept");
        assertThat(kept.has("x-hook-key")).as(kept.toString()).isFalse();
        for (String h : dropped) {
            assertThat(kept.has(h.toLowerCase(java.util.Locale.ROOT))).as(h + " in " + kept).isFalse();
        }
        assertThat(kept.toString()).doesNotContain("hook-key-0123456789", "signature-value-");
        JsonNode hmacKept = latestExecution(hmacId).get("trigger_data").get("headers");
        assertThat(hmacKept.has("x-our-signature")).as(hmacKept.toString()).isFalse();
        assertThat(hmacKept.get("x-webhook-timestamp").asText()).isEqualTo(timestamp);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A webhook workflow on the path that answers the text when it finishes. */
    private static String answering(String path, String text, String auth) {
        return """
                {"name": "answers %s", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"%s},
                 "nodes": [{"id": "in", "type": "webhook_input"},
                   {"id": "say", "type": "transform", "config": {"type": "template", "template": "%s"}}],
                 "connections": [{"source": "in", "target": "say"}]}""".formatted(text, path,
                auth == null ? "" : ", \"auth\": " + auth, text);
    }

    private static Reply hook(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + "/webhooks/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.anonymous().send(b);
    }

    private static JsonNode latestExecution(String workflowId) throws Exception {
        JsonNode items = server.get("/api/executions?workflow_id=" + workflowId + "&limit=1").json().get("items");
        assertThat(items).hasSize(1);
        return server.get("/api/executions/" + items.get(0).get("id").asText()).json();
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
