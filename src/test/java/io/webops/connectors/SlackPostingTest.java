package io.webops.connectors;

import static io.webops.connectors.Flows.credential;
import static io.webops.TestServer.nodeLog;
import static io.webops.connectors.Flows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.connectors.FakeApi.Response;
import io.webops.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The slack node against a loopback fake of Slack's Web API and of an incoming webhook. */
class SlackPostingTest {

    static final String TOKEN = "xoxb-1111-2222-secretToken";
    static final String HOOK_PATH = "/services/T0001/B0002/hookSecret9876";
    static TestServer server;
    static FakeApi slack;
    static String botCredential;
    static String hookCredential;

    @BeforeAll
    static void start() throws Exception {
        slack = new FakeApi();
        server = TestServer.start();
        botCredential = credential(server, "slack", Map.of("bot_token", TOKEN, "api_url", slack.url("/api")));
        hookCredential = credential(server, "slack", Map.of("webhook_url", slack.url(HOOK_PATH)));
    }

    @AfterAll
    static void stop() {
        server.close();
        slack.close();
    }

    @BeforeEach
    void reset() {
        slack.reset();
    }

    @Test
    void postsToChatPostMessageWithTheBotToken() throws Exception {
        slack.on("/api/chat.postMessage", Response.json(200,
                "{\"ok\":true,\"channel\":\"C024BE91L\",\"ts\":\"1503435956.000247\",\"message\":{\"text\":\"x\",\"type\":\"message\"}}"));
        String id = oneNode(server, "slack", botCredential, Map.of("channel", "#{{ data.team }}",
                "message", "Order *{{ data.order }}* shipped", "blocks", List.of(Map.of("type", "section",
                        "text", Map.of("type", "mrkdwn", "text", "Order {{ data.order }}")))), 0);
        JsonNode ex = server.runAndWait(id, Map.of("team", "ops", "order", 42));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").toString()).isEqualTo("{\"ok\":true,\"channel\":\"C024BE91L\",\"ts\":\"1503435956.000247\"}");
        FakeApi.Request r = slack.requests("/api/chat.postMessage").get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"text\":\"Order *42* shipped\",\"blocks\":[{\"type\":\"section\","
                + "\"text\":{\"type\":\"mrkdwn\",\"text\":\"Order 42\"}}],\"channel\":\"#ops\"}"));
    }

    @Test
    void postsTextThroughTheIncomingWebhook() throws Exception {
        slack.on(HOOK_PATH, Response.text(200, "ok"));
        String id = oneNode(server, "slack", hookCredential, Map.of("message", "Deploy {{ data.v }} done"), 0);
        JsonNode ex = server.runAndWait(id, Map.of("v", "1.2"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").toString()).isEqualTo("{\"ok\":true}");
        FakeApi.Request r = slack.requests(HOOK_PATH).get(0);
        assertThat(r.header("Authorization")).isNull();
        assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"text\":\"Deploy 1.2 done\"}"));
    }

    @Test
    void okFalseFailsAtOnceNamingSlacksError() throws Exception {
        slack.on("/api/chat.postMessage", Response.json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));
        String id = oneNode(server, "slack", botCredential, Map.of("channel", "C404", "message", "hi"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        JsonNode log = nodeLog(ex, "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText())
                .isEqualTo("Node 'node': chat.postMessage to channel C404 failed: Slack answered error 'channel_not_found';"
                        + " check config.channel, and invite the bot to a private channel");
        assertThat(slack.requests("/api/chat.postMessage")).hasSize(1);
    }

    @Test
    void rateLimitingIsRetriedUntilSlackAccepts() throws Exception {
        slack.on("/api/chat.postMessage",
                Response.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}").withHeader("Retry-After", "1"),
                Response.json(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}"));
        String id = oneNode(server, "slack", botCredential, Map.of("channel", "C1", "message", "hi"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "node").get("attempts").asInt()).isEqualTo(2);
        List<FakeApi.Request> posts = slack.requests("/api/chat.postMessage");
        assertThat(posts).hasSize(2);
        long gapMillis = (posts.get(1).receivedNanos() - posts.get(0).receivedNanos()) / 1_000_000;
        assertThat(gapMillis).as("the retry waits Slack's Retry-After second, not the backoff").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aTransientErrorSlackAnswersWithOkFalseIsPostedAgain() throws Exception {
        slack.on("/api/chat.postMessage", Response.json(200, "{\"ok\":false,\"error\":\"internal_error\"}"),
                Response.json(200, "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"9.9\"}"));
        String id = oneNode(server, "slack", botCredential, Map.of("channel", "C1", "message", "hi"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").toString()).isEqualTo("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"9.9\"}");
        assertThat(nodeLog(ex, "node").get("attempts").asInt()).isEqualTo(2);
        assertThat(slack.requests("/api/chat.postMessage")).as("posted again, not read again").hasSize(2);
    }

    @Test
    void theRouteCallsTheHttpKameletAndItsYamlHoldsNoTokenOrWebhookUrl() throws Exception {
        String bot = oneNode(server, "slack", botCredential, Map.of("channel", "#ops", "message", "m"), 0);
        String hook = oneNode(server, "slack", hookCredential, Map.of("message", "m"), 0);
        for (String id : List.of(bot, hook)) {
            assertThat(server.post("/api/workflows/" + id + "/activate", "").status()).isEqualTo(200);
            String yaml = server.get("/api/workflows/" + id + "/routes").text();
            assertThat(yaml).contains("expression: \"kamelet:webops-http-action?noErrorHandler=true&clientConfigurer=webopsHttpClientConfigurer&")
                    .doesNotContain(TOKEN, "hookSecret9876", "/services/", "127.0.0.1", "slack.com", "chat.postMessage");
        }
    }

    @Test
    void serverErrorsAreRetriedUpToTheLimit() throws Exception {
        slack.on(HOOK_PATH, Response.text(500, "rollup_error"));
        String id = oneNode(server, "slack", hookCredential, Map.of("message", "hi"), 2);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        JsonNode log = nodeLog(ex, "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(3);
        assertThat(slack.requests(HOOK_PATH)).hasSize(3);
        assertThat(log.get("error").asText())
                .isEqualTo("Node 'node': the Slack incoming webhook answered HTTP 500 'rollup_error'");
    }

    @Test
    void webhookErrorsNeverShowTheWebhookUrl() throws Exception {
        slack.on(HOOK_PATH, Response.text(404, "no_service"));
        String id = oneNode(server, "slack", hookCredential, Map.of("message", "hi"), 2);
        JsonNode ex = server.runAndWait(id, Map.of());
        JsonNode log = nodeLog(ex, "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).contains("HTTP 404 'no_service'", "check the slack credential's webhook_url");
        assertThat(server.get("/api/executions/" + ex.get("id").asText()).text()).doesNotContain("hookSecret9876");
    }

    @Test
    void aWebhookUrlToAPrivateAddressIsRefusedByTheSsrfGuard() throws Exception {
        String metadata = credential(server, "slack", Map.of("webhook_url", "http://169.254.169.254/services/latest"));
        String id = oneNode(server, "slack", metadata, Map.of("message", "hi"), 2);
        JsonNode ex = server.runAndWait(id, Map.of());
        JsonNode log = nodeLog(ex, "node");
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).startsWith("Node 'node': posting to Slack failed: Refused").contains("169.254.169.254")
                .doesNotContain("/services/latest");
    }

    @Test
    void takesTheCredentialFromTheNodeAsTheContractsExampleWritesIt() throws Exception {
        slack.on(HOOK_PATH, Response.text(200, "ok"));
        String id = server.create("""
                {"name": "node-level credential", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "node", "type": "slack", "credential": "%s", "config": {"message": "hello"}}],
                 "connections": [{"source": "in", "target": "node"}]}""".formatted(hookCredential));
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(slack.requests(HOOK_PATH)).hasSize(1);
    }

    @Test
    void aNodeWithoutACredentialIsAValidationError() throws Exception {
        TestServer.Reply r = server.post("/api/workflows/validate", """
                {"name": "n", "nodes": [{"id": "post", "type": "slack", "config": {"message": "x"}}], "connections": []}""");
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("errors").toString())
                .contains("Node 'post': config.credential is required; create a slack credential and pick it");
    }

    @Test
    void aChannelWithoutABotTokenIsAConfigurationError() throws Exception {
        String id = oneNode(server, "slack", hookCredential, Map.of("channel", "C1", "message", "hi"), 0);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(nodeLog(ex, "node").get("error").asText())
                .startsWith("Node 'node': config.channel is set but the slack credential has no bot_token");
        assertThat(slack.requests).isEmpty();
    }
}
