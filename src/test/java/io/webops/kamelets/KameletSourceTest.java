package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A source Kamelet as the workflow's trigger ({@code trigger.type: kamelet}): each message starts an execution while the
 * workflow is active, its Kamelet route runs only then, manual runs still work, and the one-source rule is validated.
 * The timer-source Kamelet (allowed here with WEBOPS_KAMELETS) sends a fixed number of messages.
 */
class KameletSourceTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_KAMELETS", "timer-source,jsonata-action"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static String workflow(String repeat) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("period", 50, "message", "{\"tick\": 1}"));
        if (repeat != null) {
            config.put("repeatCount", Integer.parseInt(repeat));
        }
        return Json.write(Map.of("name", "ticks", "trigger", Map.of("type", "kamelet"), "nodes", List.of(
                Map.of("id", "src", "type", "kamelet:timer-source", "config", config),
                Map.of("id", "got", "type", "kamelet:jsonata-action", "config", Map.of("template", "{'got': tick}"))),
                "connections", List.of(Map.of("source", "src", "target", "got"))));
    }

    private static List<JsonNode> executions(String id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        s.get("/api/executions?limit=200&workflow_id=" + id).json().get("items").forEach(out::add);
        return out;
    }

    private static ServiceStatus sourceRoute(String id) {
        return s.server().camel().getRouteController().getRouteStatus(id + ".trigger.source");
    }

    @Test
    void eachMessageStartsAnExecutionOnceTheWorkflowIsActive() throws Exception {
        String id = s.create(workflow("2"));
        assertThat(sourceRoute(id)).isNotEqualTo(ServiceStatus.Started); // a draft consumes nothing
        assertThat(executions(id)).isEmpty();
        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<JsonNode> done = List.of();
        while (System.nanoTime() < deadline) {
            done = executions(id).stream().filter(e -> !e.get("status").asText().equals("running")).toList();
            if (done.size() >= 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(done).hasSize(2);
        for (JsonNode e : done) {
            JsonNode full = s.get("/api/executions/" + e.get("id").asText()).json();
            assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("success");
            assertThat(full.get("trigger_type").asText()).isEqualTo("kamelet");
            assertThat(full.get("input")).isEqualTo(Json.parse("{\"tick\": 1}"));
            assertThat(full.get("output")).isEqualTo(Json.parse("{\"got\": 1}"));
        }
        // a manual run of the same workflow takes the given input
        JsonNode manual = s.runAndWait(id, Json.parse("{\"tick\": 7}"));
        assertThat(manual.get("output")).isEqualTo(Json.parse("{\"got\": 7}"));
    }

    @Test
    void pausingStopsTheKameletsRoute() throws Exception {
        // as the canvas saves it: the default manual trigger beside the source node, deployed as the kamelet trigger
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(workflow(null));
        doc.remove("trigger");
        String id = s.create(doc.toString());
        s.post("/api/workflows/" + id + "/activate", Map.of());
        assertThat(sourceRoute(id)).isEqualTo(ServiceStatus.Started);
        // a new version of the active workflow replaces the trigger route and its Kamelet's, running again
        assertThat(s.put("/api/workflows/" + id, workflow("1000")).status()).isEqualTo(200);
        assertThat(sourceRoute(id)).isEqualTo(ServiceStatus.Started);
        assertThat(s.get("/api/workflows/" + id + "/routes").text()).contains("repeatCount: \"RAW(1000)\"");
        s.post("/api/workflows/" + id + "/pause", Map.of());
        assertThat(sourceRoute(id)).isEqualTo(ServiceStatus.Stopped);
        assertThat(s.server().camel().getRouteController().getRouteStatus(id + ".trigger")).isEqualTo(ServiceStatus.Stopped);
        s.delete("/api/workflows/" + id);
        assertThat(s.server().camel().getRoute(id + ".trigger.source")).isNull();
    }

    @Test
    void oneSourceNodeAndTheKameletTriggerGoTogether() throws Exception {
        JsonNode doc = Json.parse(workflow("1"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("trigger")).put("type", "schedule").put("cron", "* * * * *");
        assertThat(s.post("/api/workflows/validate", doc).json().get("errors").toString()).contains("Node 'src': a source"
                + " Kamelet starts the workflow with each message, so trigger.type must be kamelet (or manual), not schedule");
        JsonNode noSource = Json.parse("""
                {"name": "x", "trigger": {"type": "kamelet"}, "nodes": [{"id": "a", "type": "webhook_input"}], "connections": []}""");
        assertThat(s.post("/api/workflows/validate", noSource).json().get("errors").toString())
                .contains("trigger.type kamelet needs one source Kamelet node");
        JsonNode two = Json.parse(workflow("1"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) two.get("nodes")).add(Json.parse(
                "{\"id\": \"src2\", \"type\": \"kamelet:timer-source\", \"config\": {\"message\": \"m\"}}"));
        assertThat(s.post("/api/workflows/validate", two).json().get("errors").toString())
                .contains("Node 'src2': a workflow takes one source Kamelet node and 'src' is already its trigger");
    }
}
