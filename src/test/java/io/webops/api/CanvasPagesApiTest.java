package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoints the canvas's dashboard, agents and users pages need beyond the workflow API: execution statistics
 * over the workflows a caller sees, an agent's memories, the audit log's filters.
 */
class CanvasPagesApiTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("WEBOPS_LLM_BASE_URL", "http://127.0.0.1:9/v1", "WEBOPS_LLM_MODEL", "m"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A workflow that fails when its input's {@code ok} is false. */
    private static String failingOrNot(TestServer as, String name) throws Exception {
        return as.create("""
                {"name": "%s", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "code", "type": "custom_code", "config": {"language": "javascript",
                   "code": "if (!input.ok) { throw new Error('not ok'); } return input;", "timeout_ms": 1000, "memory_mb": 64}}],
                 "connections": [{"source": "in", "target": "code"}]}""".formatted(name));
    }

    @Test
    void statisticsCountEachHourByStatusAndPutFailingWorkflowsFirstOverOnlyTheWorkflowsTheCallerSees() throws Exception {
        TestServer ed = server.as(server.userToken("ed@pages.test", "editor"));
        String flaky = failingOrNot(ed, "flaky");
        String steady = failingOrNot(ed, "steady");
        String adminsOwn = failingOrNot(server, "admins own");
        ed.runAndWait(flaky, Map.of("ok", false));
        ed.runAndWait(flaky, Map.of("ok", true));
        for (int i = 0; i < 3; i++) {
            ed.runAndWait(steady, Map.of("ok", true));
        }
        server.runAndWait(adminsOwn, Map.of("ok", false));

        JsonNode stats = ed.get("/api/stats/executions?hours=6").json();
        assertThat(stats.get("per_hour")).as("every hour of the window, the current one last").hasSize(6);
        assertThat(Instant.parse(stats.get("per_hour").get(5).get("hour").asText())).isBefore(Instant.now());
        int success = 0;
        int failed = 0;
        for (JsonNode hour : stats.get("per_hour")) {
            success += hour.get("success").asInt();
            failed += hour.get("failed").asInt();
        }
        assertThat(success).isEqualTo(4);
        assertThat(failed).as("the admin's failure is not ed's to see").isEqualTo(1);
        List<String> order = new ArrayList<>();
        stats.get("workflows").forEach(w -> order.add(w.get("name").asText()));
        assertThat(order).containsExactly("flaky", "steady");
        JsonNode steadyRow = stats.get("workflows").get(1);
        assertThat(steadyRow.get("total").asInt()).isEqualTo(3);
        assertThat(steadyRow.get("p95_ms").asLong()).isGreaterThanOrEqualTo(steadyRow.get("p50_ms").asLong());

        JsonNode all = server.get("/api/stats/executions").json();
        assertThat(all.get("per_hour")).as("24 hours by default").hasSize(24);
        assertThat(all.get("workflows").findValuesAsText("name")).contains("admins own", "flaky", "steady");
        assertThat(ed.get("/api/stats/executions?hours=0").status()).isEqualTo(400);
        assertThat(server.anonymous().get("/api/stats/executions").status()).isEqualTo(401);

        JsonNode failedRuns = ed.get("/api/executions?status=failed").json().get("items");
        assertThat(failedRuns.findValuesAsText("workflow_id")).as("one list across ed's workflows").containsExactly(flaky);
    }

    @Test
    void anAgentsMemoriesAreListedNewestFirstAndForgottenOneByOneOrAllByThoseWhoMayChangeIt() throws Exception {
        assertThat(server.put("/api/agents/keeper", Map.of("name", "Keeper", "system_prompt", "Keep.", "tools", List.of(),
                "memory_size", 0)).status()).isEqualTo(200);
        String store = server.create("""
                {"name": "remember", "nodes": [{"id": "m", "type": "agent_memory",
                  "config": {"agent": "keeper", "operation": "store", "key": "{{ data.key }}", "content": "{{ data.content }}"}}],
                 "connections": []}""");
        assertThat(server.runAndWait(store, Map.of("key", "db", "content", "Postgres 16")).get("status").asText()).isEqualTo("success");
        server.runAndWait(store, Map.of("key", "oncall", "content", "Ada this week"));

        JsonNode items = server.get("/api/agents/keeper/memories").json().get("items");
        assertThat(items.findValuesAsText("key")).containsExactly("oncall", "db");
        assertThat(items.get(1).get("content").asText()).isEqualTo("Postgres 16");

        TestServer viewer = server.as(server.userToken("vi@pages.test", "viewer"));
        assertThat(viewer.get("/api/agents/keeper/memories").status()).as("not shared with them").isEqualTo(404);
        server.post("/api/agents/keeper/share", Map.of("email", "vi@pages.test", "access", "read"));
        assertThat(viewer.get("/api/agents/keeper/memories").json().get("items")).hasSize(2);
        assertThat(viewer.delete("/api/agents/keeper/memories?key=db").status()).isEqualTo(403);

        assertThat(server.delete("/api/agents/keeper/memories?key=db").status()).isEqualTo(204);
        assertThat(server.delete("/api/agents/keeper/memories?key=db").status()).isEqualTo(404);
        assertThat(server.get("/api/agents/keeper/memories").json().get("items").findValuesAsText("key")).containsExactly("oncall");
        assertThat(server.delete("/api/agents/keeper/memories").status()).isEqualTo(204);
        assertThat(server.get("/api/agents/keeper/memories").json().get("items")).isEmpty();
        assertThat(server.get("/api/audit?action=agent.forget&resource_id=keeper").json().get("items")).hasSize(2);
    }

    @Test
    void theAuditLogFiltersByActorActionPrefixAndResourceAndNamesTheActor() throws Exception {
        TestServer eve = server.as(server.userToken("eve@pages.test", "editor"));
        String eveId = eve.get("/api/me").json().get("id").asText();
        String wf = failingOrNot(eve, "audited");
        eve.post("/api/workflows/" + wf + "/activate", "");

        Reply byEve = server.get("/api/audit?actor_id=" + eveId);
        assertThat(byEve.json().get("items").findValuesAsText("action")).containsExactly("workflow.activate", "workflow.create", "token.create");
        assertThat(byEve.json().get("items").get(0).get("actor_email").asText()).isEqualTo("eve@pages.test");
        assertThat(server.get("/api/audit?actor_id=" + eveId + "&action=workflow.").json().get("items").findValuesAsText("action"))
                .containsExactly("workflow.activate", "workflow.create");
        assertThat(server.get("/api/audit?resource_kind=workflow&resource_id=" + wf + "&action=workflow.create").json()
                .get("items")).hasSize(1);
        assertThat(server.get("/api/audit?action=%25.").json().get("items")).as("% in a prefix is no wildcard").isEmpty();
        assertThat(server.get("/api/audit?action=workflow_").json().get("items")).isEmpty();
        assertThat(eve.get("/api/audit").status()).isEqualTo(403);
    }
}
