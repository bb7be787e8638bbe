package io.webops.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Input the runtime cannot carry is refused where it arrives, in the JSON error shape, and costs no execution. */
class RunawayInputTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aWebhookBodyNestedDeeperThanTheLimitIsA400NamingItAndStartsNothing() throws Exception {
        String path = webhook();
        for (String type : new String[] {"application/json", "application/vnd.api+json", null}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                    .POST(HttpRequest.BodyPublishers.ofString(arrays(1_000)));
            if (type != null) {
                request.header("Content-Type", type);
            }
            Reply r = s.send(request);
            assertThat(r.status()).as("Content-Type " + type).isEqualTo(400);
            assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_body");
            assertThat(r.json().at("/error/message").asText()).contains("nested deeper than 256 levels");
        }
        assertThat(s.post("/webhooks/" + path, arrays(257)).status()).isEqualTo(400);
        assertThat(s.post("/webhooks/" + path, arrays(256)).status()).as("at the limit").isEqualTo(200);
        assertThat(s.get("/observe/health").json().get("running_executions").asInt()).isZero();
    }

    @Test
    void aManualRunBodyOrAWorkflowNestedTooDeepIsA400NamingTheLimit() throws Exception {
        String id = s.create("""
                {"name": "deep run", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        Reply run = s.post("/api/workflows/" + id + "/run?wait=true", arrays(1_000));
        assertThat(run.status()).isEqualTo(400);
        assertThat(run.json().at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(run.json().at("/error/message").asText()).contains("nested deeper than 256 levels");

        Reply saved = s.post("/api/workflows", """
                {"name": "deep config", "nodes": [{"id": "t", "type": "transform",
                  "config": {"type": "jmespath", "query": "a", "note": %s}}], "connections": []}""".formatted(arrays(300)));
        assertThat(saved.status()).isEqualTo(400);
        assertThat(saved.json().at("/error/message").asText()).contains("nested deeper than 256 levels");
    }

    private static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String webhook() throws Exception {
        String path = "deep-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create("""
                {"name": "deep", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"},
                 "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""".formatted(path));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        return path;
    }
}
