package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/executions/{id}/events: the live view of an execution as server-sent events. */
class ExecutionEventsTest {

    private static TestServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<InputStream> open(String executionId) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.base + "/api/executions/" + executionId + "/events"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static List<JsonNode> events(HttpResponse<InputStream> response) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    assertThat(event).isEqualTo("execution");
                    events.add(Json.parse(line.substring(6)));
                }
            }
        }
        return events;
    }

    @Test
    void streamsTheExecutionAsEachNodeFinishesAndClosesWhenItEnds() throws Exception {
        String id = server.create("""
                {"name": "two steps", "nodes": [
                  {"id": "wait", "type": "delay", "config": {"seconds": 0.5}},
                  {"id": "shape", "type": "transform", "config": {"type": "jmespath", "query": "{n: n}"}}],
                 "connections": [{"source": "wait", "target": "shape"}]}""");
        JsonNode started = server.post("/api/workflows/" + id + "/run", "{\"n\": 7}").json();
        HttpResponse<InputStream> response = open(started.get("id").asText());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<JsonNode> events = events(response);
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(events.get(0).get("status").asText()).isEqualTo("running");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("status").asText()).isEqualTo("success");
        assertThat(last.get("output").get("n").asInt()).isEqualTo(7);
        assertThat(last.get("node_logs")).extracting(l -> l.get("node_id").asText()).containsExactly("wait", "shape");
    }

    @Test
    void sendsOneEventAndClosesForAnExecutionThatHasEnded() throws Exception {
        String id = server.create("""
                {"name": "quick", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        JsonNode done = server.runAndWait(id, Json.object().put("x", 1));

        List<JsonNode> events = events(open(done.get("id").asText()));

        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("status").asText()).isEqualTo("success");
        assertThat(events.get(0).get("id").asText()).isEqualTo(done.get("id").asText());
    }

    @Test
    void answersTheApiErrorForAnUnknownExecution() throws Exception {
        TestServer.Reply reply = server.get("/api/executions/no-such-execution/events");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("error").path("code").asText()).isNotEmpty();
    }

    @Test
    void streamsNothingToAnonymousCallersOrToUsersWhoCannotSeeTheExecution() throws Exception {
        String id = server.create("""
                {"name": "private", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        String execution = server.runAndWait(id, Json.object().put("secret", "s3cr3t-value")).get("id").asText();

        TestServer.Reply anonymous = server.anonymous().get("/api/executions/" + execution + "/events");
        TestServer.Reply other = server.as(server.userToken("eve@webops.test", "editor")).get("/api/executions/" + execution + "/events");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(other.status()).isEqualTo(404);
        assertThat(anonymous.text() + other.text()).doesNotContain("s3cr3t-value");
    }
}
