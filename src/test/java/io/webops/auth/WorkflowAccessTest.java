package io.webops.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkflowAccessTest {

    private static final String FLOW = """
            {"name": "%s", "nodes": [{"id": "in", "type": "webhook_input"},
              {"id": "t", "type": "transform", "config": {"type": "template", "template": "hi ${name}"}}],
             "connections": [{"source": "in", "target": "t"}]}""";

    private static TestServer server;
    private static TestServer alice;
    private static TestServer bob;
    private static TestServer viewer;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = server.as(server.userToken("alice@webops.test", "editor"));
        bob = server.as(server.userToken("bob@webops.test", "editor"));
        viewer = server.as(server.userToken("vera@webops.test", "viewer"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWorkflowIsInvisibleToOthersAnswering404AsIfItDidNotExist() throws Exception {
        String id = alice.create(FLOW.formatted("alice private"));
        assertThat(alice.get("/api/workflows/" + id).json().get("owner_id").asText())
                .isEqualTo(alice.get("/api/me").json().get("id").asText());
        Reply hidden = bob.get("/api/workflows/" + id);
        Reply missing = bob.get("/api/workflows/wf-000000000000");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.json().at("/error/message").asText()).doesNotContain("alice");
        for (String action : List.of("activate", "pause", "disable", "run")) {
            assertThat(bob.post("/api/workflows/" + id + "/" + action, "{}").status()).as(action).isEqualTo(404);
        }
        assertThat(bob.get("/api/workflows/" + id + "/routes").status()).isEqualTo(404);
        assertThat(bob.put("/api/workflows/" + id, FLOW.formatted("taken")).status()).isEqualTo(404);
        assertThat(bob.delete("/api/workflows/" + id).status()).isEqualTo(404);
        assertThat(ids(bob.get("/api/workflows"))).doesNotContain(id);
        assertThat(ids(alice.get("/api/workflows"))).contains(id);
        assertThat(ids(server.get("/api/workflows"))).as("admins see everything").contains(id);
        assertThat(server.get("/api/workflows/" + id).status()).isEqualTo(200);
    }

    @Test
    void executionsAreVisibleOnlyThroughTheirWorkflow() throws Exception {
        String id = alice.create(FLOW.formatted("alice runs"));
        JsonNode run = alice.runAndWait(id, Map.of("name", "A"));
        String execution = run.get("id").asText();
        assertThat(bob.get("/api/executions/" + execution).status()).isEqualTo(404);
        assertThat(bob.post("/api/executions/" + execution + "/retry", "{}").status()).isEqualTo(404);
        assertThat(bob.post("/api/executions/" + execution + "/cancel", "{}").status()).isEqualTo(404);
        assertThat(ids(bob.get("/api/executions?limit=200"))).doesNotContain(execution);
        assertThat(ids(bob.get("/api/executions?workflow_id=" + id))).isEmpty();
        assertThat(ids(alice.get("/api/executions?limit=200"))).contains(execution);
        assertThat(alice.get("/api/executions/" + execution).status()).isEqualTo(200);
    }

    @Test
    void sharingGrantsReadOrEditAndUnsharingTakesItBack() throws Exception {
        String id = alice.create(FLOW.formatted("shared"));
        assertThat(bob.post("/api/workflows/" + id + "/share", Map.of("email", "bob@webops.test", "access", "edit")).status())
                .as("only the owner shares").isEqualTo(404);

        Reply shared = alice.post("/api/workflows/" + id + "/share", Map.of("email", "bob@webops.test", "access", "read"));
        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.json().get("shares").get(0).get("access").asText()).isEqualTo("read");
        assertThat(bob.get("/api/workflows/" + id).status()).isEqualTo(200);
        assertThat(ids(bob.get("/api/workflows"))).contains(id);
        Reply readOnlyRun = bob.post("/api/workflows/" + id + "/run?wait=true", Map.of("name", "B"));
        assertThat(readOnlyRun.status()).isEqualTo(403);
        assertThat(readOnlyRun.json().at("/error/message").asText()).contains("read-only");
        assertThat(bob.post("/api/workflows/" + id + "/share", Map.of("email", "vera@webops.test")).status())
                .as("a reader cannot reshare").isEqualTo(403);
        assertThat(bob.get("/api/workflows/" + id + "/share").status()).as("nor see who else has it").isEqualTo(403);
        JsonNode listed = alice.get("/api/workflows/" + id + "/share").json().get("shares");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("email").asText()).isEqualTo("bob@webops.test");
        assertThat(listed.get(0).get("access").asText()).isEqualTo("read");

        String bobId = bob.get("/api/me").json().get("id").asText();
        assertThat(alice.post("/api/workflows/" + id + "/share", Map.of("user_id", bobId, "access", "edit")).status()).isEqualTo(200);
        assertThat(bob.post("/api/workflows/" + id + "/run?wait=true", Map.of("name", "B")).status()).isEqualTo(200);
        assertThat(bob.put("/api/workflows/" + id, FLOW.formatted("edited by bob")).status()).isEqualTo(200);

        assertThat(alice.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                alice.base + "/api/workflows/" + id + "/share?user_id=" + bobId)).DELETE()).status()).isEqualTo(204);
        assertThat(bob.get("/api/workflows/" + id).status()).isEqualTo(404);
        assertThat(alice.post("/api/workflows/" + id + "/share", Map.of("email", "nobody@webops.test")).status()).isEqualTo(404);
        assertThat(alice.post("/api/workflows/" + id + "/share", Map.of("email", "bob@webops.test", "access", "own")).status())
                .isEqualTo(400);
    }

    @Test
    void viewersReadWhatIsSharedWithThemButChangeAndRunNothing() throws Exception {
        assertThat(viewer.post("/api/workflows", FLOW.formatted("mine")).status()).isEqualTo(403);
        String id = alice.create(FLOW.formatted("for the viewer"));
        alice.post("/api/workflows/" + id + "/share", Map.of("email", "vera@webops.test", "access", "edit"));
        assertThat(viewer.get("/api/workflows/" + id).status()).isEqualTo(200);
        assertThat(viewer.post("/api/workflows/" + id + "/run", "{}").status()).isEqualTo(403);
        assertThat(viewer.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(403);
        assertThat(viewer.put("/api/workflows/" + id, FLOW.formatted("x")).status()).isEqualTo(403);
        assertThat(viewer.delete("/api/workflows/" + id).status()).isEqualTo(403);
        assertThat(alice.get("/api/workflows/" + id).json().get("name").asText()).isEqualTo("for the viewer");
    }

    @Test
    void metricsAndAuditAreForAdminsAndTheAuditLogNamesWhoDidWhatNewestFirst() throws Exception {
        assertThat(alice.get("/observe/metrics").status()).isEqualTo(403);
        assertThat(alice.get("/api/audit").status()).isEqualTo(403);
        assertThat(server.get("/observe/metrics").status()).isEqualTo(200);

        String aliceId = alice.get("/api/me").json().get("id").asText();
        String id = alice.create(FLOW.formatted("audited"));
        alice.post("/api/workflows/" + id + "/activate", "{}");
        alice.post("/api/workflows/" + id + "/pause", "{}");
        alice.post("/api/workflows/" + id + "/share", Map.of("email", "bob@webops.test"));
        alice.runAndWait(id, Map.of("name", "A"));
        alice.delete("/api/workflows/" + id);

        Reply page = server.get("/api/audit?limit=6");
        assertThat(page.status()).isEqualTo(200);
        JsonNode items = page.json().get("items");
        assertThat(items.findValuesAsText("action")).containsExactly(
                "workflow.delete", "workflow.run", "workflow.share", "workflow.pause", "workflow.activate", "workflow.create");
        assertThat(items.findValuesAsText("actor_id")).containsOnly(aliceId);
        assertThat(items.findValuesAsText("resource_id")).containsOnly(id);
        assertThat(items.get(2).at("/detail/access").asText()).isEqualTo("read");
        Reply next = server.get("/api/audit?limit=6&cursor=" + page.json().get("next_cursor").asText());
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.json().get("items").findValuesAsText("id")).doesNotContainAnyElementsOf(items.findValuesAsText("id"));
    }

    private static List<String> ids(Reply page) {
        return page.json().get("items").findValuesAsText("id");
    }
}
