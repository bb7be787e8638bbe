package io.webops.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Templates people share: a workflow saved as a template holds no credential and no secret, a private one is its
 * owner's alone, a public one anyone on the instance can use with their own credentials, and each use is counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedTemplatesTest {

    TestServer admin;
    TestServer ann;
    TestServer bob;
    TestServer viewer;
    LoopbackApi api;

    @BeforeAll
    void start() throws Exception {
        startOn(Map.of());
    }

    /** Starts the server with these settings (the database, for {@link PostgresSharedTemplatesTest}) and its users. */
    void startOn(Map<String, String> settings) throws Exception {
        admin = TestServer.start(settings);
        ann = admin.as(admin.userToken("ann@webops.test", "editor"));
        bob = admin.as(admin.userToken("bob@webops.test", "editor"));
        viewer = admin.as(admin.userToken("val@webops.test", "viewer"));
        api = new LoopbackApi().on("/orders", new LoopbackApi.Response(200, "{\"open\": 3}"));
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
        admin.close();
    }

    /** Ann's workflow: a webhook with a header secret, an API call with her token and secrets written into its config. */
    String annsWorkflow(String path) throws Exception {
        String token = ann.credential("Ann's shop API", "http", Map.of("auth", "bearer", "token", "ann-token-111"));
        String slack = ann.credential("Ann's Slack", "slack", Map.of("webhook_url", api.url("/hooks/ann-hook-222")));
        return ann.create("""
                {"name": "Open orders", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished",
                   "auth": {"type": "header", "name": "X-Hook", "value": "hook-secret-333"}},
                 "nodes": [
                   {"id": "fetch", "type": "api_request", "credential": "%s",
                    "config": {"url": "https://ann:basic-pw-444@shop.example.com/orders?api_key=key-555&status=open",
                               "headers": {"X-Api-Key": "header-key-666", "Accept": "application/json"}}},
                   {"id": "tell", "type": "slack", "credential": "%s", "config": {"message": "{{ data.body.open }} open orders"}}],
                 "connections": [{"source": "fetch", "target": "tell"}]}""".formatted(path, token, slack));
    }

    @Test
    void aSavedTemplateHoldsNoCredentialOrSecretAndListsTheKindsItNeeds() throws Exception {
        String workflow = annsWorkflow("ann-orders");
        String credentialIds = ann.get("/api/workflows/" + workflow).json().at("/nodes/0/credential").asText()
                + " " + ann.get("/api/workflows/" + workflow).json().at("/nodes/1/credential").asText();

        TestServer.Reply saved = ann.post("/api/templates", Map.of("workflow_id", workflow, "name", "Open orders to Slack",
                "category", "integration", "description", "How many orders are open, on Slack", "public", false));

        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        JsonNode t = saved.json();
        assertThat(t.get("id").asText()).startsWith("tpl-");
        assertThat(t.get("source").asText()).isEqualTo("shared");
        assertThat(t.get("owner").asText()).isEqualTo(ann.get("/api/me").json().get("id").asText());
        assertThat(t.get("public").asBoolean()).isFalse();
        assertThat(t.get("usage_count").asLong()).isZero();
        assertThat(t.get("credential_kinds").toString()).isEqualTo("[\"http\",\"slack\"]");
        assertThat(t.get("node_types").toString()).isEqualTo("[\"api_request\",\"slack\"]");
        assertThat(t.at("/workflow/nodes/0/credential").asText()).isEqualTo("pick:http");
        assertThat(t.at("/workflow/nodes/1/credential").asText()).isEqualTo("pick:slack");
        assertThat(t.at("/workflow/nodes/0/config/url").asText()).isEqualTo("https://shop.example.com/orders?api_key=&status=open");
        assertThat(t.at("/workflow/nodes/0/config/headers").toString()).isEqualTo("{\"Accept\":\"application/json\"}");
        assertThat(t.at("/workflow/trigger").toString()).as("no secret, and not the source's webhook path")
                .isEqualTo("{\"type\":\"webhook\",\"respond\":\"when_finished\",\"auth\":{\"type\":\"header\",\"name\":\"X-Hook\"}}");
        assertThat(t.get("stripped")).extracting(JsonNode::asText).containsExactlyInAnyOrder("trigger.auth.value",
                "nodes[fetch].config.url", "nodes[fetch].config.headers.X-Api-Key");

        String stored = admin.server().store().templates().get(t.get("id").asText()).orElseThrow().document();
        JsonNode read = ann.get("/api/templates/" + t.get("id").asText()).json();
        for (String everywhere : List.of(stored, saved.text(), Json.write(read))) {
            assertThat(everywhere).doesNotContain("ann-token-111", "ann-hook-222", "hook-secret-333", "basic-pw-444",
                    "key-555", "header-key-666", "ann-orders");
            for (String id : credentialIds.split(" ")) {
                assertThat(everywhere).doesNotContain(id);
            }
        }
    }

    @Test
    void aPrivateTemplateIsItsOwnersAloneAndAPublicOneIsEveryones() throws Exception {
        String workflow = annsWorkflow("ann-visibility");
        String mine = save(ann, workflow, "Ann's private", false);
        String ours = save(ann, workflow, "Ann's public", true);

        assertThat(ids(ann.get("/api/templates"))).contains(mine, ours, "api-monitoring");
        assertThat(ids(bob.get("/api/templates"))).contains(ours, "api-monitoring").doesNotContain(mine);
        assertThat(ids(admin.get("/api/templates"))).contains(mine, ours);
        assertThat(bob.get("/api/templates/" + mine).status()).isEqualTo(404);
        assertThat(bob.post("/api/templates/" + mine + "/instantiate", Map.of()).status()).isEqualTo(404);
        assertThat(bob.get("/api/templates/" + ours).json().get("name").asText()).isEqualTo("Ann's public");
        assertThat(bob.post("/api/templates", Map.of("workflow_id", workflow, "name", "Not mine", "category", "custom")).status())
                .as("a workflow Bob cannot read is not there for him").isEqualTo(404);
    }

    @Test
    void bobUsesAnnsPublicTemplateWithHisOwnCredentialsAndEachUseIsCounted() throws Exception {
        String template = save(ann, annsWorkflow("ann-shared"), "Open orders, shared", true);
        String token = bob.credential("Bob's shop API", "http", Map.of("auth", "bearer", "token", "bob-token-777"));
        String slack = bob.credential("Bob's Slack", "slack", Map.of("webhook_url", api.url("/hooks/bob")));
        api.on("/hooks/bob", new LoopbackApi.Response(200, ""));

        TestServer.Reply noSecret = bob.post("/api/templates/" + template + "/instantiate",
                Map.of("name", "Bob's orders", "credentials", Map.of("http", token, "slack", slack)));
        assertThat(noSecret.status()).as(noSecret.text()).isEqualTo(422);
        assertThat(noSecret.json().at("/error/details/0/field").asText()).isEqualTo("trigger.auth.value");

        TestServer.Reply made = bob.post("/api/templates/" + template + "/instantiate", Map.of("name", "Bob's orders",
                "credentials", Map.of("http", token, "slack", slack),
                "trigger", Map.of("auth", Map.of("type", "header", "name", "X-Hook", "value", "bobs-hook-secret"))));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        assertThat(made.json().get("status").asText()).isEqualTo("draft");
        assertThat(made.json().get("name").asText()).isEqualTo("Bob's orders");
        String id = made.json().get("id").asText();
        JsonNode draft = bob.get("/api/workflows/" + id).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) draft.at("/nodes/0/config")).put("url", api.url("/orders"));
        assertThat(bob.put("/api/workflows/" + id, draft).status()).isEqualTo(200);
        assertThat(bob.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);

        TestServer.Reply refused = bob.anonymous().post("/webhooks/" + id, "{}");
        TestServer.Reply answered = bob.anonymous().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(bob.base + "/webhooks/" + id))
                .header("X-Hook", "bobs-hook-secret").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(answered.status()).as(answered.text()).isEqualTo(200);
        assertThat(api.requests("/orders")).extracting(r -> r.header("Authorization")).containsExactly("Bearer bob-token-777");
        assertThat(api.requests("/hooks/bob")).extracting(r -> Json.parse(r.body()).get("text").asText()).containsExactly("3 open orders");
        assertThat(api.requests("/hooks/ann-hook-222")).isEmpty();
        assertThat(ann.get("/api/templates/" + template).json().get("usage_count").asLong()).as("the refused one is not counted").isEqualTo(1);

        assertThat(bob.post("/api/templates/api-monitoring/instantiate", Map.of()).status()).isEqualTo(201);
        long before = usage(bob.get("/api/templates?category=monitoring"), "api-monitoring");
        assertThat(bob.post("/api/templates/api-monitoring/instantiate", Map.of()).status()).isEqualTo(201);
        assertThat(usage(bob.get("/api/templates?category=monitoring"), "api-monitoring")).isEqualTo(before + 1);
    }

    @Test
    void badFieldsAreNamedAndTheGalleryFiltersByCategory() throws Exception {
        String workflow = annsWorkflow("ann-category");
        TestServer.Reply bad = ann.post("/api/templates", Map.of("workflow_id", workflow, "name", "Odd", "category", "misc"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().at("/error/details/0/field").asText()).isEqualTo("category");
        assertThat(bad.json().at("/error/details/0/message").asText())
                .isEqualTo("category must be one of [data_processing, content_generation, monitoring, integration, custom]");
        TestServer.Reply unnamed = ann.post("/api/templates", Map.of("workflow_id", workflow, "category", "custom", "public", "yes"));
        assertThat(unnamed.json().at("/error/details").findValuesAsText("field")).containsExactly("name", "public");
        assertThat(ann.post("/api/templates", Map.of("name", "x", "category", "custom")).json().at("/error/details/0/field").asText())
                .isEqualTo("workflow_id");
        assertThat(viewer.post("/api/templates", Map.of("workflow_id", workflow, "name", "x", "category", "custom")).status()).isEqualTo(403);

        TestServer.Reply notAnObject = ann.post("/api/templates/api-monitoring/instantiate", Map.of("trigger", "*/5 * * * *"));
        assertThat(notAnObject.status()).isEqualTo(422);
        assertThat(notAnObject.json().at("/error/details/0/field").asText()).isEqualTo("trigger");

        TestServer.Reply wrongFilter = ann.get("/api/templates?category=misc");
        assertThat(wrongFilter.status()).isEqualTo(400);
        assertThat(wrongFilter.json().at("/error/details/0/field").asText()).isEqualTo("category");
        JsonNode monitoring = ann.get("/api/templates?category=monitoring").json().get("items");
        assertThat(monitoring).isNotEmpty().allSatisfy(t -> assertThat(t.get("category").asText()).isEqualTo("monitoring"));
        assertThat(ids(ann.get("/api/templates?category=monitoring"))).contains("api-monitoring", "workflow-failure-alert")
                .doesNotContain("webhook-to-database");
    }

    @Test
    void onlyTheOwnerOrAnAdminDeletesASharedTemplateAndOfficialOnesStay() throws Exception {
        String workflow = annsWorkflow("ann-delete");
        String first = save(ann, workflow, "To delete", true);
        String second = save(ann, workflow, "For the admin", true);

        assertThat(bob.delete("/api/templates/" + first).status()).isEqualTo(403);
        assertThat(viewer.delete("/api/templates/" + first).status()).isEqualTo(403);
        TestServer.Reply official = ann.delete("/api/templates/api-monitoring");
        assertThat(official.status()).isEqualTo(403);
        assertThat(official.json().at("/error/message").asText()).isEqualTo("Template 'api-monitoring' is official and cannot be deleted");
        assertThat(admin.delete("/api/templates/api-monitoring").status()).isEqualTo(403);

        assertThat(ann.delete("/api/templates/" + first).status()).isEqualTo(204);
        assertThat(admin.delete("/api/templates/" + second).status()).isEqualTo(204);
        assertThat(ann.get("/api/templates/" + first).status()).isEqualTo(404);
        assertThat(ids(ann.get("/api/templates"))).doesNotContain(first, second);
        assertThat(ann.delete("/api/templates/" + first).status()).isEqualTo(404);
    }

    static String save(TestServer as, String workflow, String name, boolean isPublic) throws Exception {
        TestServer.Reply r = as.post("/api/templates", Map.of("workflow_id", workflow, "name", name, "category", "integration",
                "description", "Saved by a test", "public", isPublic));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static List<String> ids(TestServer.Reply list) {
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        list.json().get("items").forEach(t -> out.add(t.get("id").asText()));
        return out;
    }

    static long usage(TestServer.Reply list, String id) {
        for (JsonNode t : list.json().get("items")) {
            if (t.get("id").asText().equals(id)) {
                return t.get("usage_count").asLong();
            }
        }
        throw new AssertionError("no template " + id + " in " + list.text());
    }
}
