package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HMAC webhooks signed as real providers sign them (§2 {@code scheme}): each scheme's published example vector, then
 * over HTTP a good signature runs the workflow and a wrong, stale, replayed or missing one is a 401. Expected
 * signatures in the HTTP tests come from javax.crypto here, not from the runtime's code.
 */
class WebhookProviderSchemesTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_RATE_PER_SECOND", "1000"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    // ---- published vectors -------------------------------------------------------------------

    @Test
    void githubsDocumentedExampleSignatureIsReproduced() {
        // docs.github.com "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!"
        assertThat(hex(HmacSchemes.sign(utf8("It's a Secret to Everybody"), "", signed("Hello, World!"))))
                .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void slacksDocumentedExampleSignatureIsReproduced() {
        // api.slack.com "Verifying requests from Slack": the slash-command example
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        assertThat(hex(HmacSchemes.sign(utf8("8f742231b10e8888abcd99yyyzzz85a5"), "v0:1531420618:", signed(body))))
                .isEqualTo("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    }

    @Test
    void standardWebhooksReferenceExampleSignatureIsReproduced() {
        // the Standard Webhooks / Svix reference libraries' test vector
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(Base64.getEncoder().encodeToString(HmacSchemes.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.",
                signed("{\"test\": 2432232314}")))).isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void stripeAndShopifyFixedVectorsMatchOpenssl() {
        // printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
        assertThat(hex(HmacSchemes.sign(utf8("whsec_test_secret"), "1700000000.", signed("{\"id\":\"evt_1\"}"))))
                .isEqualTo("248a374f50f943a28b0f6ab50faf9a7e7e29b710fa26df9fb1618b9bf8ea9c9a");
        // printf '%s' '{"id":1}' | openssl dgst -sha256 -hmac 'shpss_test' -binary | base64
        assertThat(Base64.getEncoder().encodeToString(HmacSchemes.sign(utf8("shpss_test"), "", signed("{\"id\":1}"))))
                .isEqualTo("1GxccvotnkOedTjSm8S0m/VA3yAUKshyqT52ccNYHj4=");
    }

    // ---- over HTTP ---------------------------------------------------------------------------

    @Test
    void githubSignatureOfTheBodyRunsTheWorkflowOnceAndIsNotKept() throws Exception {
        Hook h = webhook("{\"type\": \"hmac\", \"scheme\": \"github\", \"secret\": \"gh-key\"}");
        String body = "{\"action\": \"opened\"}";
        String sig = "sha256=" + hex(mac(utf8("gh-key"), body));
        String delivery = UUID.randomUUID().toString();
        assertThat(hook(h, body, "X-Hub-Signature-256", sig, "X-GitHub-Delivery", delivery).status()).isEqualTo(200);
        JsonNode headers = latestExecution(h).at("/trigger_data/headers");
        assertThat(headers.has("x-hub-signature-256")).isFalse();
        assertThat(headers.get("x-github-delivery").asText()).isEqualTo(delivery);

        assertRefused(hook(h, body, "X-Hub-Signature-256", sig, "X-GitHub-Delivery", delivery), "replay");
        assertRefused(hook(h, body, "X-Hub-Signature-256", sig, "X-GitHub-Delivery", UUID.randomUUID().toString()),
                "replay");
        String other = "{\"action\": \"closed\"}";
        assertRefused(hook(h, other, "X-Hub-Signature-256", "sha256=" + hex(mac(utf8("wrong"), other)),
                "X-GitHub-Delivery", UUID.randomUUID().toString()), "Invalid X-Hub-Signature-256");
        assertRefused(hook(h, other, "X-GitHub-Delivery", UUID.randomUUID().toString()), "Missing X-Hub-Signature-256");
        assertThat(hook(h, other, "X-Hub-Signature-256", "sha256=" + hex(mac(utf8("gh-key"), other))).status())
                .as("no delivery id: the signature alone").isEqualTo(200);
        assertThat(executions(h)).isEqualTo(2);
    }

    @Test
    void shopifyBase64SignatureOfTheBodyRunsTheWorkflowOnce() throws Exception {
        Hook h = webhook("{\"type\": \"hmac\", \"scheme\": \"shopify\", \"secret\": \"shop-key\"}");
        String body = "{\"id\": 820982911946154508}";
        String sig = Base64.getEncoder().encodeToString(mac(utf8("shop-key"), body));
        String id = UUID.randomUUID().toString();
        assertThat(hook(h, body, "X-Shopify-Hmac-Sha256", sig, "X-Shopify-Webhook-Id", id).status()).isEqualTo(200);
        assertThat(latestExecution(h).at("/trigger_data/headers").has("x-shopify-hmac-sha256")).isFalse();
        assertRefused(hook(h, body, "X-Shopify-Hmac-Sha256", sig, "X-Shopify-Webhook-Id", id), "replay");
        String other = "{\"id\": 2}";
        assertRefused(hook(h, other, "X-Shopify-Hmac-Sha256", hex(mac(utf8("shop-key"), other))),
                "Invalid X-Shopify-Hmac-Sha256");
        assertRefused(hook(h, other), "Missing X-Shopify-Hmac-Sha256");
        assertThat(executions(h)).isEqualTo(1);
    }

    @Test
    void stripeSignatureAcceptsAnyOfSeveralV1EntriesInsideTheTolerance() throws Exception {
        Hook h = webhook("{\"type\": \"hmac\", \"scheme\": \"stripe\", \"secret\": \"whsec_stripe\", \"tolerance_seconds\": 60}");
        String body = "{\"id\": \"evt_1\"}";
        long t = now();
        String good = hex(mac(utf8("whsec_stripe"), t + "." + body));
        String stale = String.valueOf(t - 120);
        String oldKey = hex(mac(utf8("whsec_rolled"), t + "." + body));
        assertThat(hook(h, body, "Stripe-Signature", "t=" + t + ",v1=" + oldKey + ",v1=" + good + ",v0=abc").status())
                .isEqualTo(200);
        assertThat(latestExecution(h).at("/trigger_data/headers").has("stripe-signature")).isFalse();
        assertRefused(hook(h, body, "Stripe-Signature", "t=" + t + ",v1=" + good), "replay");
        assertRefused(hook(h, body, "Stripe-Signature", "t=" + stale + ",v1=" + hex(mac(utf8("whsec_stripe"), stale + "." + body))),
                "60 s");
        assertRefused(hook(h, body, "Stripe-Signature", "t=" + (t + 1) + ",v1=" + oldKey), "Invalid Stripe-Signature");
        assertRefused(hook(h, body, "Stripe-Signature", "v1=" + good), "t=");
        assertRefused(hook(h, body), "Missing Stripe-Signature");
        assertThat(executions(h)).isEqualTo(1);
    }

    @Test
    void slackSignatureCoversVersionTimestampAndBody() throws Exception {
        Hook h = webhook("{\"type\": \"hmac\", \"scheme\": \"slack\", \"secret\": \"slack-key\"}");
        String body = "{\"type\": \"event_callback\", \"event\": {\"type\": \"app_mention\"}}"; // the Events API's JSON
        String ts = String.valueOf(now());
        String sig = "v0=" + hex(mac(utf8("slack-key"), "v0:" + ts + ":" + body));
        String stale = String.valueOf(now() - 301);
        assertThat(hook(h, body, "X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig).status()).isEqualTo(200);
        assertThat(latestExecution(h).at("/trigger_data/headers").has("x-slack-signature")).isFalse();
        assertRefused(hook(h, body, "X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig), "replay");
        assertRefused(hook(h, body, "X-Slack-Request-Timestamp", stale,
                "X-Slack-Signature", "v0=" + hex(mac(utf8("slack-key"), "v0:" + stale + ":" + body))), "300 s");
        assertRefused(hook(h, body, "X-Slack-Request-Timestamp", ts,
                "X-Slack-Signature", "v0=" + hex(mac(utf8("slack-key"), ts + "." + body))), "Invalid X-Slack-Signature");
        assertRefused(hook(h, body, "X-Slack-Signature", sig), "Missing X-Slack-Request-Timestamp");
        assertRefused(hook(h, body, "X-Slack-Request-Timestamp", ts), "Missing X-Slack-Signature");
        assertThat(executions(h)).isEqualTo(1);
    }

    @Test
    void standardWebhooksSignatureUsesTheWhsecKeyAndRefusesAReusedId() throws Exception {
        byte[] key = "standard-webhooks-key-32-bytes!!".getBytes(StandardCharsets.UTF_8);
        Hook h = webhook("{\"type\": \"hmac\", \"scheme\": \"standard\", \"secret\": \"whsec_"
                + Base64.getEncoder().encodeToString(key) + "\"}");
        String body = "{\"type\": \"invoice.paid\"}";
        String id = "msg_" + UUID.randomUUID();
        String ts = String.valueOf(now());
        String sig = "v1," + Base64.getEncoder().encodeToString(mac(key, id + "." + ts + "." + body));
        String other = "v1," + Base64.getEncoder().encodeToString(mac(utf8("previous"), id + "." + ts + "." + body));
        assertThat(hook(h, body, "webhook-id", id, "webhook-timestamp", ts, "webhook-signature", other + " " + sig).status())
                .isEqualTo(200);
        JsonNode headers = latestExecution(h).at("/trigger_data/headers");
        assertThat(headers.has("webhook-signature")).isFalse();
        assertThat(headers.get("webhook-id").asText()).isEqualTo(id);

        String later = String.valueOf(now() + 1);
        assertRefused(hook(h, body, "webhook-id", id, "webhook-timestamp", later, "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(mac(key, id + "." + later + "." + body))), "replay");
        String stale = String.valueOf(now() - 600);
        String id2 = "msg_" + UUID.randomUUID();
        assertRefused(hook(h, body, "webhook-id", id2, "webhook-timestamp", stale, "webhook-signature",
                "v1," + Base64.getEncoder().encodeToString(mac(key, id2 + "." + stale + "." + body))), "300 s");
        assertRefused(hook(h, body, "webhook-id", id2, "webhook-timestamp", ts, "webhook-signature", other),
                "Invalid webhook-signature");
        assertRefused(hook(h, body, "webhook-id", id2, "webhook-signature", sig), "Missing webhook-timestamp");
        assertRefused(hook(h, body, "webhook-timestamp", ts, "webhook-signature", sig), "Missing webhook-id");
        assertRefused(hook(h, body, "webhook-id", id2, "webhook-timestamp", ts), "Missing webhook-signature");
        assertThat(executions(h)).isEqualTo(1);
    }

    @Test
    void anUnknownSchemeIsAValidationErrorListingTheSchemes() throws Exception {
        Reply r = s.post("/api/workflows", workflow("wh-" + UUID.randomUUID().toString().substring(0, 8),
                "{\"type\": \"hmac\", \"secret\": \"k\", \"scheme\": \"gitlab\"}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("trigger.auth.scheme").contains("'gitlab'")
                .contains("timestamped, github, stripe, slack, shopify, standard");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private record Hook(String path, String workflowId) {
    }

    private static Hook webhook(String auth) throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow(path, auth));
        Reply r = s.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new Hook(path, id);
    }

    private static String workflow(String path, String auth) {
        return """
                {"name": "provider", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished", "auth": %s},
                 "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}"""
                .formatted(path, auth);
    }

    private static Reply hook(Hook h, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + h.path()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return s.anonymous().send(b);
    }

    private static void assertRefused(Reply r, String why) {
        assertThat(r.status()).as(r.text()).isEqualTo(401);
        assertThat(r.json().at("/error/message").asText()).contains(why);
    }

    private static JsonNode latestExecution(Hook h) throws Exception {
        JsonNode items = s.get("/api/executions?workflow_id=" + h.workflowId() + "&limit=1").json().get("items");
        assertThat(items).hasSize(1);
        return s.get("/api/executions/" + items.get(0).get("id").asText()).json();
    }

    private static int executions(Hook h) throws Exception {
        return s.get("/api/executions?workflow_id=" + h.workflowId() + "&limit=200").json().get("items").size();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer signed(String body) {
        return ByteBuffer.wrap(utf8(body));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] mac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
