package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Event triggers (§2): a workflow runs after another one's execution succeeds, fails or finishes. */
class EventTriggerTest {

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
    void succeededEventRunsTheFollowerWithTheExecutionSummaryAsInput() throws Exception {
        String upstream = s.create(UPSTREAM);
        String follower = follower("workflow.succeeded", upstream);

        JsonNode done = s.runAndWait(upstream, "{\"fail\": false, \"value\": \"x\"}");
        assertThat(done.get("status").asText()).isEqualTo("success");

        JsonNode ex = detail(awaitExecutions(follower, 1).get(0));
        assertThat(ex.get("trigger_type").asText()).isEqualTo("event");
        assertThat(ex.get("status").asText()).isEqualTo("success");
        JsonNode summary = ex.get("input");
        assertThat(summary.get("workflow_id").asText()).isEqualTo(upstream);
        assertThat(summary.get("execution_id").asText()).isEqualTo(done.get("id").asText());
        assertThat(summary.get("status").asText()).isEqualTo("success");
        assertThat(summary.get("output").get("ok").asText()).isEqualTo("x");
    }

    @Test
    void failedEventRunsTheFollowerOnlyAfterAFailure() throws Exception {
        String upstream = s.create(UPSTREAM);
        String follower = follower("workflow.failed", upstream);

        assertThat(s.runAndWait(upstream, "{\"fail\": false}").get("status").asText()).isEqualTo("success");
        JsonNode failed = s.runAndWait(upstream, "{\"fail\": true}");
        assertThat(failed.get("status").asText()).isEqualTo("failed");

        List<JsonNode> runs = awaitExecutions(follower, 1);
        Thread.sleep(500);
        runs = executions(follower);
        assertThat(runs).hasSize(1);
        JsonNode summary = detail(runs.get(0)).get("input");
        assertThat(summary.get("execution_id").asText()).isEqualTo(failed.get("id").asText());
        assertThat(summary.get("status").asText()).isEqualTo("failed");
        assertThat(summary.get("error_message").asText()).contains("broken");
    }

    @Test
    void succeededEventDoesNotFireOnAFailure() throws Exception {
        String upstream = s.create(UPSTREAM);
        String onSuccess = follower("workflow.succeeded", upstream);
        String onFailure = follower("workflow.failed", upstream);

        assertThat(s.runAndWait(upstream, "{\"fail\": true}").get("status").asText()).isEqualTo("failed");

        awaitExecutions(onFailure, 1);
        Thread.sleep(500);
        assertThat(executions(onSuccess)).isEmpty();
    }

    @Test
    void finishedEventRunsTheFollowerAfterSuccessAndAfterFailure() throws Exception {
        String upstream = s.create(UPSTREAM);
        String follower = follower("workflow.finished", upstream);

        String ok = s.runAndWait(upstream, "{\"fail\": false}").get("id").asText();
        String bad = s.runAndWait(upstream, "{\"fail\": true}").get("id").asText();

        List<String> seen = new ArrayList<>();
        for (JsonNode run : awaitExecutions(follower, 2)) {
            seen.add(detail(run).get("input").get("execution_id").asText());
        }
        assertThat(seen).containsExactlyInAnyOrder(ok, bad);
    }

    @Test
    void pausedFollowerDoesNotRun() throws Exception {
        String upstream = s.create(UPSTREAM);
        String follower = follower("workflow.finished", upstream);
        assertThat(s.post("/api/workflows/" + follower + "/pause", "{}").json().get("status").asText()).isEqualTo("paused");
        String witness = follower("workflow.finished", upstream);

        s.runAndWait(upstream, "{\"fail\": false}");

        awaitExecutions(witness, 1);
        Thread.sleep(300);
        assertThat(executions(follower)).isEmpty();
    }

    /** Succeeds with {ok: value}, or fails in node 'broken' when the input says fail. */
    private static final String UPSTREAM = """
            {"name": "upstream", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "check", "type": "condition", "config": {"expression": "data.fail == true"}},
              {"id": "broken", "type": "delay", "config": {"until": "not-a-time"}},
              {"id": "fine", "type": "transform", "config": {"type": "jmespath", "query": "{ok: value}"}}
             ],
             "connections": [
              {"source": "in", "target": "check"},
              {"source": "check", "target": "broken", "sourceHandle": "true"},
              {"source": "check", "target": "fine", "sourceHandle": "false"}]}
            """;

    private static String follower(String on, String upstream) throws Exception {
        String id = s.create("""
                {"name": "follower", "trigger": {"type": "event", "on": "%s", "workflow": "%s"},
                 "nodes": [{"id": "got", "type": "transform", "config": {"type": "jmespath", "query": "{seen: execution_id}"}}],
                 "connections": []}
                """.formatted(on, upstream));
        Reply r = s.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return id;
    }

    /** The listed execution once it has ended. */
    private static JsonNode detail(JsonNode listed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode ex = s.get("/api/executions/" + listed.get("id").asText()).json();
        while ("running".equals(ex.get("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ex = s.get("/api/executions/" + listed.get("id").asText()).json();
        }
        return ex;
    }

    private static List<JsonNode> awaitExecutions(String id, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<JsonNode> found = executions(id);
        while (found.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = executions(id);
        }
        assertThat(found).as("executions of " + id).hasSizeGreaterThanOrEqualTo(atLeast);
        return found;
    }

    private static List<JsonNode> executions(String id) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        s.get("/api/executions?limit=200&workflow_id=" + id).json().get("items").forEach(all::add);
        return all;
    }
}
