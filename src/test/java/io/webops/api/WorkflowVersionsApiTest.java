package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workflow versions (§6): every save is one, listed, read, compared and rolled back to; secrets never shown. */
class WorkflowVersionsApiTest {

    /** A workflow answering {@code {"answer": <word>}} by hand or, with a trigger, by webhook. */
    private static final String ANSWERING = """
            {"name": "answers", "trigger": %s,
             "nodes": [{"id": "in", "type": "webhook_input"},
                       {"id": "answer", "type": "transform", "config": {"type": "jmespath", "query": "{answer: '%s'}"}}],
             "connections": [{"source": "in", "target": "answer"}]}
            """;
    private static final String MANUAL = "{\"type\": \"manual\"}";

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void everySaveMakesAVersionListedNewestFirstWithAuthorTimeAndMessage() throws Exception {
        Reply created = s.post("/api/workflows?message=" + encode("first cut"), ANSWERING.formatted(MANUAL, "one"));
        String id = created.json().get("id").asText();
        save(id, ANSWERING.formatted(MANUAL, "two"), "say two");
        save(id, ANSWERING.formatted(MANUAL, "three"), null);
        String adminId = s.get("/api/me").json().get("id").asText();

        JsonNode list = s.get("/api/workflows/" + id + "/versions").json();

        assertThat(list.get("next_cursor").isNull()).isTrue();
        assertThat(list.get("items")).hasSize(3);
        JsonNode newest = list.get("items").get(0);
        assertThat(newest.get("version").asInt()).isEqualTo(3);
        assertThat(newest.get("author").asText()).isEqualTo(adminId);
        assertThat(newest.get("author_email").asText()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(newest.get("message").isNull()).isTrue();
        assertThat(newest.get("created_at").asText()).isEqualTo(s.get("/api/workflows/" + id).json().get("updated_at").asText());
        assertThat(list.get("items").get(1).get("message").asText()).isEqualTo("say two");
        assertThat(list.get("items").get(2).get("message").asText()).isEqualTo("first cut");
        assertThat(list.get("items").get(2).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void versionsPageWithTheListsCursor() throws Exception {
        String id = s.create(ANSWERING.formatted(MANUAL, "v1"));
        for (int v = 2; v <= 5; v++) {
            save(id, ANSWERING.formatted(MANUAL, "v" + v), "save " + v);
        }

        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = s.get("/api/workflows/" + id + "/versions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(v -> seen.add(v.get("version").asInt()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactly(5, 4, 3, 2, 1);
        assertThat(s.get("/api/workflows/" + id + "/versions?cursor=bogus").status()).isEqualTo(400);
    }

    @Test
    void aVersionIsItsFullDocumentAndNoLaterSaveOrRequestChangesIt() throws Exception {
        String id = s.create(ANSWERING.formatted(MANUAL, "one"));
        JsonNode first = s.get("/api/workflows/" + id + "/versions/1").json();
        save(id, ANSWERING.formatted(MANUAL, "two"), "changed");

        assertThat(first.get("id").asText()).isEqualTo(id);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("name").asText()).isEqualTo("answers");
        assertThat(first.get("nodes").get(1).get("config").get("query").asText()).isEqualTo("{answer: 'one'}");
        assertThat(s.get("/api/workflows/" + id + "/versions/1").json()).isEqualTo(first);
        assertThat(s.get("/api/workflows/" + id + "/versions/2").json().get("nodes").get(1).get("config").get("query").asText())
                .isEqualTo("{answer: 'two'}");
        assertThat(s.put("/api/workflows/" + id + "/versions/1", ANSWERING.formatted(MANUAL, "three")).status()).isEqualTo(405);
        assertThat(s.delete("/api/workflows/" + id + "/versions/1").status()).isEqualTo(405);
        assertThat(s.get("/api/workflows/" + id + "/versions/1").json()).isEqualTo(first);
    }

    @Test
    void unknownVersionsAre404AndBadVersionNumbers400() throws Exception {
        String id = s.create(ANSWERING.formatted(MANUAL, "one"));

        Reply missing = s.get("/api/workflows/" + id + "/versions/9");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").get("message").asText()).isEqualTo("Version 9 of workflow '" + id + "' does not exist");
        assertThat(s.get("/api/workflows/" + id + "/versions/zero").status()).isEqualTo(400);
        assertThat(s.get("/api/workflows/wf-none/versions").status()).isEqualTo(404);
        assertThat(s.get("/api/workflows/" + id + "/diff?from=1&to=9").status()).isEqualTo(404);
        Reply noFrom = s.get("/api/workflows/" + id + "/diff?to=1");
        assertThat(noFrom.status()).isEqualTo(400);
        assertThat(noFrom.json().get("error").get("message").asText()).isEqualTo("from is required: the number of a version, e.g. from=1");
        Reply badTo = s.get("/api/workflows/" + id + "/diff?from=1&to=-2");
        assertThat(badTo.status()).isEqualTo(400);
        assertThat(badTo.json().get("error").get("message").asText())
                .isEqualTo("to must be a version number (a whole number from 1), not '-2'");
        assertThat(s.post("/api/workflows/" + id + "/rollback", Map.of("version", 9)).status()).isEqualTo(404);
        Reply noVersion = s.post("/api/workflows/" + id + "/rollback", Map.of("to", 1));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().get("error").get("message").asText()).startsWith("version must be the number of the version");
        assertThat(s.put("/api/workflows/" + id + "?message=" + "x".repeat(1001), ANSWERING.formatted(MANUAL, "two")).status())
                .isEqualTo(400);
        assertThat(s.get("/api/workflows/" + id + "/versions").json().get("items")).hasSize(1);
    }

    @Test
    void diffNamesTheNodesConnectionsAndFieldsThatChanged() throws Exception {
        String id = s.create(ANSWERING.formatted(MANUAL, "one"));
        ObjectNode changed = (ObjectNode) Json.parse(ANSWERING.formatted(MANUAL, "two"));
        changed.put("description", "now says two");
        ((com.fasterxml.jackson.databind.node.ArrayNode) changed.get("nodes")).addObject()
                .put("id", "later").put("type", "delay").putObject("config").put("seconds", 1);
        ((com.fasterxml.jackson.databind.node.ArrayNode) changed.get("connections")).addObject()
                .put("source", "answer").put("target", "later");
        save(id, Json.write(changed), null);

        Reply diff = s.get("/api/workflows/" + id + "/diff?from=1&to=2");

        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.json()).isEqualTo(Json.parse("""
                {"from": 1, "to": 2,
                 "fields": [{"path": "description", "change": "added", "after": "now says two"}],
                 "nodes": {"added": [{"id": "later", "type": "delay", "config": {"seconds": 1}}], "removed": [],
                   "changed": [{"id": "answer", "type": "transform", "changes": [
                     {"path": "config.query", "change": "changed", "before": "{answer: 'one'}", "after": "{answer: 'two'}"}]}]},
                 "connections": {"added": [{"source": "answer", "target": "later", "sourceHandle": "output", "targetHandle": "input"}],
                   "removed": [], "changed": []}}
                """));
        assertThat(s.get("/api/workflows/" + id + "/diff?from=2&to=1").json().get("nodes").get("removed").get(0).get("id").asText())
                .isEqualTo("later");
    }

    @Test
    void webhookSecretsAreNeverInVersionsOrDiffsButTheirChangeIs() throws Exception {
        String secret1 = "first-secret-" + UUID.randomUUID();
        String secret2 = "second-secret-" + UUID.randomUUID();
        String id = s.create(ANSWERING.formatted(webhook(UUID.randomUUID().toString(), secret1), "one"));
        JsonNode read = s.get("/api/workflows/" + id).json();
        ObjectNode sameSecret = read.deepCopy();
        sameSecret.put("description", "the masked secret sent back");
        save(id, Json.write(sameSecret), null);
        ObjectNode newSecret = sameSecret.deepCopy();
        ((ObjectNode) newSecret.get("trigger").get("auth")).put("value", secret2);
        save(id, Json.write(newSecret), null);

        Reply version1 = s.get("/api/workflows/" + id + "/versions/1");
        Reply version3 = s.get("/api/workflows/" + id + "/versions/3");
        Reply unchangedSecret = s.get("/api/workflows/" + id + "/diff?from=1&to=2");
        Reply changedSecret = s.get("/api/workflows/" + id + "/diff?from=2&to=3");

        for (Reply r : List.of(version1, version3, unchangedSecret, changedSecret)) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).doesNotContain(secret1).doesNotContain(secret2);
        }
        assertThat(version1.json().get("trigger").get("auth").get("value").asText()).isEqualTo("********");
        assertThat(unchangedSecret.json().get("fields")).isEqualTo(Json.parse("""
                [{"path": "description", "change": "added", "after": "the masked secret sent back"}]"""));
        assertThat(changedSecret.json().get("fields")).isEqualTo(Json.parse("""
                [{"path": "trigger.auth.value", "change": "changed", "secret": true}]"""));
    }

    @Test
    void rollbackSavesTheOldDocumentAsANewVersionAndRedeploysAnActiveWorkflow() throws Exception {
        String path = "versions-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(ANSWERING.formatted(webhook(path, "hook-secret"), "one"));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        assertThat(hook(path).json().get("answer").asText()).isEqualTo("one");
        JsonNode two = Json.parse(ANSWERING.formatted(webhook(path, "********"), "two"));
        save(id, Json.write(two), "say two");
        assertThat(hook(path).json().get("answer").asText()).isEqualTo("two");

        Reply rolledBack = s.post("/api/workflows/" + id + "/rollback", Map.of("version", 1));

        assertThat(rolledBack.status()).as(rolledBack.text()).isEqualTo(200);
        assertThat(rolledBack.json().get("version").asInt()).isEqualTo(3);
        assertThat(rolledBack.json().get("status").asText()).isEqualTo("active");
        assertThat(hook(path).json().get("answer").asText()).isEqualTo("one");
        JsonNode version1 = s.get("/api/workflows/" + id + "/versions/1").json();
        JsonNode version3 = s.get("/api/workflows/" + id + "/versions/3").json();
        assertThat(version3.get("message").asText()).isEqualTo("Rolled back to version 1");
        assertThat(withoutVersionFields(version3)).isEqualTo(withoutVersionFields(version1));
        assertThat(s.get("/api/workflows/" + id + "/diff?from=1&to=3").json().get("nodes").get("changed")).isEmpty();
        JsonNode audit = s.get("/api/audit?action=workflow.rollback&resource_id=" + id).json().get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("detail")).isEqualTo(Json.parse("{\"version\": 3, \"rolled_back_to\": 1}"));
    }

    @Test
    void aViewerItIsSharedWithReadsVersionsButMayNotRollBack() throws Exception {
        TestServer owner = s.as(s.userToken("versions-owner@webops.test", "editor"));
        TestServer viewer = s.as(s.userToken("versions-viewer@webops.test", "viewer"));
        TestServer stranger = s.as(s.userToken("versions-stranger@webops.test", "editor"));
        String id = owner.create(ANSWERING.formatted(MANUAL, "one"));
        assertThat(owner.put("/api/workflows/" + id, ANSWERING.formatted(MANUAL, "two")).status()).isEqualTo(200);
        assertThat(owner.post("/api/workflows/" + id + "/share", Map.of("email", "versions-viewer@webops.test", "access", "read"))
                .status()).isEqualTo(200);

        assertThat(viewer.get("/api/workflows/" + id + "/versions").status()).isEqualTo(200);
        assertThat(viewer.get("/api/workflows/" + id + "/versions/1").status()).isEqualTo(200);
        assertThat(viewer.get("/api/workflows/" + id + "/diff?from=1&to=2").status()).isEqualTo(200);
        assertThat(viewer.post("/api/workflows/" + id + "/rollback", Map.of("version", 1)).status()).isEqualTo(403);
        assertThat(stranger.get("/api/workflows/" + id + "/versions").status()).isEqualTo(404);
        assertThat(stranger.get("/api/workflows/" + id + "/diff?from=1&to=2").status()).isEqualTo(404);
        assertThat(stranger.post("/api/workflows/" + id + "/rollback", Map.of("version", 1)).status()).isEqualTo(404);
        assertThat(owner.get("/api/workflows/" + id).json().get("version").asInt()).isEqualTo(2);
        assertThat(owner.post("/api/workflows/" + id + "/rollback", Map.of("version", 1)).json().get("version").asInt()).isEqualTo(3);
    }

    @Test
    void anExecutionOpensTheVersionItRan() throws Exception {
        String id = s.create(ANSWERING.formatted(MANUAL, "one"));
        JsonNode ranOne = s.runAndWait(id, Map.of());
        save(id, ANSWERING.formatted(MANUAL, "two"), null);
        JsonNode ranTwo = s.runAndWait(id, Map.of());

        for (JsonNode execution : List.of(ranOne, ranTwo)) {
            int version = s.get("/api/executions/" + execution.get("id").asText()).json().get("workflow_version").asInt();
            JsonNode document = s.get("/api/workflows/" + id + "/versions/" + version).json();
            String answered = execution.get("output").get("answer").asText();
            assertThat(document.get("nodes").get(1).get("config").get("query").asText()).isEqualTo("{answer: '" + answered + "'}");
        }
        assertThat(ranOne.get("workflow_version").asInt()).isEqualTo(1);
        assertThat(ranTwo.get("workflow_version").asInt()).isEqualTo(2);
    }

    private static void save(String id, String document, String message) throws Exception {
        Reply r = s.put("/api/workflows/" + id + (message == null ? "" : "?message=" + encode(message)), document);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static String webhook(String path, String secret) {
        return """
                {"type": "webhook", "path": "%s", "respond": "when_finished",
                 "auth": {"type": "header", "name": "X-Hook-Token", "value": "%s"}}""".formatted(path, secret);
    }

    private static Reply hook(String path) throws Exception {
        Reply r = s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/json").header("X-Hook-Token", "hook-secret")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    private static JsonNode withoutVersionFields(JsonNode version) {
        ObjectNode copy = version.deepCopy();
        copy.remove(List.of("version", "author", "author_email", "created_at", "message"));
        return copy;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
