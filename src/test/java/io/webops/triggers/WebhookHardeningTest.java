package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replay window of HMAC webhooks, the body size limit and the per-path rate limit. */
class WebhookHardeningTest {

    private static final int MAX_BODY = 4096;
    private static final int RATE = 5;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_MAX_BODY_BYTES", String.valueOf(MAX_BODY),
                "WEBOPS_WEBHOOK_RATE_PER_SECOND", String.valueOf(RATE)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aReplayedSignatureInsideTheWindowIsRefused() throws Exception {
        String path = webhook("{\"type\": \"hmac\", \"secret\": \"k1\"}");
        String body = "{\"n\": 1}";
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String sig = "sha256=" + hmac("k1", ts + "." + body);
        assertThat(hook(path, body, "X-Webhook-Timestamp", ts, "X-Signature-256", sig).status()).isEqualTo(200);
        Reply replay = hook(path, body, "X-Webhook-Timestamp", ts, "X-Signature-256", sig);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().at("/error/message").asText()).contains("replay");
        String next = String.valueOf(Instant.now().getEpochSecond() + 1);
        assertThat(hook(path, body, "X-Webhook-Timestamp", next, "X-Signature-256", "sha256=" + hmac("k1", next + "." + body)).status())
                .as("a new timestamp is a new request").isEqualTo(200);
    }

    @Test
    void aTimestampOutsideTheConfiguredWindowIsRefusedEvenWhenCorrectlySigned() throws Exception {
        String path = webhook("{\"type\": \"hmac\", \"secret\": \"k2\", \"tolerance_seconds\": 60, \"timestamp_header\": \"X-Sent-At\"}");
        String body = "{}";
        String old = String.valueOf(Instant.now().getEpochSecond() - 120);
        String future = String.valueOf(Instant.now().getEpochSecond() + 120);
        String recent = String.valueOf(Instant.now().getEpochSecond() - 30);
        Reply stale = hook(path, body, "X-Sent-At", old, "X-Signature-256", hmac("k2", old + "." + body));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().at("/error/message").asText()).contains("60 s");
        assertThat(hook(path, body, "X-Sent-At", future, "X-Signature-256", hmac("k2", future + "." + body)).status()).isEqualTo(401);
        assertThat(hook(path, body, "X-Webhook-Timestamp", recent, "X-Signature-256", hmac("k2", recent + "." + body)).status())
                .as("timestamp in the default header when another is configured").isEqualTo(401);
        assertThat(hook(path, body, "X-Sent-At", recent, "X-Signature-256", hmac("k2", recent + "." + body)).status()).isEqualTo(200);
    }

    @Test
    void aToleranceOutsideOneSecondToOneDayIsAValidationError() throws Exception {
        Reply r = s.post("/api/workflows", workflow("wh-" + UUID.randomUUID().toString().substring(0, 8),
                "{\"type\": \"hmac\", \"secret\": \"k\", \"tolerance_seconds\": 0}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("trigger.auth.tolerance_seconds");
    }

    @Test
    void bodiesOverTheLimitGet413WhetherAnnouncedOrStreamed() throws Exception {
        String path = webhook(null);
        String small = "{\"x\": \"" + "a".repeat(MAX_BODY / 2) + "\"}";
        String big = "{\"x\": \"" + "a".repeat(MAX_BODY * 4) + "\"}";
        assertThat(hook(path, small).status()).isEqualTo(200);
        assertThat(hook(path, big).status()).as("Content-Length over the limit").isEqualTo(413);
        Reply chunked = s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.status()).as("chunked body counted while it arrives").isEqualTo(413);
        assertThat(hook(path, small).status()).as("the webhook still answers").isEqualTo(200);
    }

    @Test
    void aWebhookPathCalledFasterThanItsRateGets429WithRetryAfterWhileOtherPathsStillAnswer() throws Exception {
        String busy = webhook(null);
        String quiet = webhook(null);
        Reply limited = null;
        for (int i = 0; i < RATE * 4 && limited == null; i++) {
            Reply r = hook(busy, "{}");
            if (r.status() == 429) {
                limited = r;
            }
        }
        assertThat(limited).as("no 429 after " + RATE * 4 + " rapid requests").isNotNull();
        assertThat(limited.json().at("/error/code").asText()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(hook(quiet, "{}").status()).isEqualTo(200);
    }

    private static String webhook(String auth) throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow(path, auth));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        return path;
    }

    private static String workflow(String path, String auth) {
        return """
                {"name": "hardened", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"%s},
                 "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}"""
                .formatted(path, auth == null ? "" : ", \"auth\": " + auth);
    }

    private static Reply hook(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return s.anonymous().send(b);
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
