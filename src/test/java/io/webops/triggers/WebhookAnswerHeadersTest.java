package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.cli.Settings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every webhook answer is sandboxed: {@code Content-Security-Policy: sandbox} and {@code nosniff}, whatever the
 * workflow answers and whoever answers (the respond node, the runtime's 202/401/400/429/500, Vert.x's 404 and 413).
 */
class WebhookAnswerHeadersTest {

    private static final int MAX_BODY = 4096;
    private static final int RATE = 5;
    private static final String HTML_ANSWER = """
            {"id": "in", "type": "webhook_input"},
            {"id": "r", "type": "respond", "config": {"headers": {"Content-Type": "text/html; charset=utf-8"},
              "body": "<script>document.title = document.cookie</script>"}}""";
    private static final String IN_TO_R = "{\"source\": \"in\", \"target\": \"r\"}";
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
    void aRespondNodesHtmlAnswerIsSandboxed() throws Exception {
        String path = webhook(s, "when_finished", null, HTML_ANSWER, IN_TO_R);

        Reply r = hook(s, path, "{}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertSandboxed(r);
    }

    @Test
    void theImmediate202IsSandboxed() throws Exception {
        String path = webhook(s, "immediately", null, "{\"id\": \"in\", \"type\": \"webhook_input\"}", "");

        Reply r = hook(s, path, "{}");

        assertThat(r.status()).isEqualTo(202);
        assertSandboxed(r);
    }

    @Test
    void aRefusedSignInIs401AndSandboxed() throws Exception {
        String path = webhook(s, "when_finished", "{\"type\": \"header\", \"name\": \"X-Hook-Token\", \"value\": \"t0ken\"}",
                HTML_ANSWER, IN_TO_R);

        Reply r = hook(s, path, "{}", "X-Hook-Token", "wrong");

        assertThat(r.status()).isEqualTo(401);
        assertSandboxed(r);
    }

    @Test
    void aBodyThatIsNotJsonIs400AndSandboxed() throws Exception {
        String path = webhook(s, "when_finished", null, HTML_ANSWER, IN_TO_R);

        Reply r = hook(s, path, "{not json");

        assertThat(r.status()).isEqualTo(400);
        assertSandboxed(r);
    }

    @Test
    void anUnknownWebhookPathIs404AndSandboxed() throws Exception {
        Reply r = hook(s, "no-such-hook-" + UUID.randomUUID(), "{}");

        assertThat(r.status()).isEqualTo(404);
        assertSandboxed(r);
    }

    @Test
    void aBodyOverTheLimitIs413AndSandboxed() throws Exception {
        String path = webhook(s, "when_finished", null, HTML_ANSWER, IN_TO_R);

        Reply r = hook(s, path, "{\"x\": \"" + "a".repeat(MAX_BODY * 2) + "\"}");

        assertThat(r.status()).isEqualTo(413);
        assertSandboxed(r);
    }

    @Test
    void aPathCalledTooOftenIs429AndSandboxed() throws Exception {
        String path = webhook(s, "when_finished", null, HTML_ANSWER, IN_TO_R);
        Reply limited = null;
        for (int i = 0; i < RATE * 4 && limited == null; i++) {
            Reply r = hook(s, path, "{}");
            assertSandboxed(r);
            if (r.status() == 429) {
                limited = r;
            }
        }

        assertThat(limited).as("no 429 after " + RATE * 4 + " rapid requests").isNotNull();
        assertThat(limited.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aFailedExecutionIs500AndSandboxed() throws Exception {
        String path = webhook(s, "when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "broken", "type": "delay", "config": {"until": "{{ data.when }}"}}""",
                "{\"source\": \"in\", \"target\": \"broken\"}");

        Reply r = hook(s, path, "{\"when\": \"not a time\"}");

        assertThat(r.status()).isEqualTo(500);
        assertSandboxed(r);
    }

    @Test
    void theSandboxSettingTurnedOffLeavesOnlyNosniff() throws Exception {
        try (TestServer insecure = TestServer.start(Map.of("WEBOPS_WEBHOOK_CSP_SANDBOX", "false"))) {
            String path = webhook(insecure, "when_finished", null, HTML_ANSWER, IN_TO_R);

            Reply r = hook(insecure, path, "{}");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.raw().headers().allValues("Content-Security-Policy")).isEmpty();
            assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(insecure.get("/api/workflows").raw().headers().firstValue("Content-Security-Policy").orElseThrow())
                    .as("the editor's own policy does not depend on it").contains("default-src 'self'");
        }
    }

    @Test
    void aMistypedSandboxSettingIsRefusedRatherThanReadAsOff() {
        assertThatThrownBy(() -> Settings.from(Map.of("WEBOPS_WEBHOOK_CSP_SANDBOX", "yes")))
                .hasMessageContaining("WEBOPS_WEBHOOK_CSP_SANDBOX must be true or false");
        assertThat(Settings.from(Map.of()).webhookCspSandbox()).as("on by default").isTrue();
    }

    static void assertSandboxed(Reply r) {
        assertThat(r.raw().headers().allValues("Content-Security-Policy")).as("CSP of a " + r.status()).containsExactly("sandbox");
        assertThat(r.raw().headers().allValues("X-Content-Type-Options")).as("nosniff on a " + r.status()).containsExactly("nosniff");
    }

    /** Creates and activates a webhook workflow on a fresh path; returns the path. */
    static String webhook(TestServer server, String respond, String auth, String nodes, String connections) throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = server.create("""
                {"name": "answer headers", "trigger": {"type": "webhook", "path": "%s", "respond": "%s"%s},
                 "nodes": [%s], "connections": [%s]}""".formatted(path, respond,
                auth == null ? "" : ", \"auth\": " + auth, nodes, connections));
        Reply activated = server.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
        return path;
    }

    static Reply hook(TestServer server, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + "/webhooks/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.anonymous().send(b);
    }
}
