package io.webops.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ownership on every path, not only the CRUD routes: what a workflow uses when it runs (a sub-workflow, a followed
 * workflow, a credential, an agent, a user to notify) is checked at each run against the workflow's owner, and what
 * a user cannot read answers exactly as if it did not exist.
 */
class OwnershipPathsTest {

    private static TestServer server;
    private static TestServer alice;
    private static TestServer bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alice = server.as(server.userToken("alice@ownership.test", "editor"));
        bob = server.as(server.userToken("bob@ownership.test", "editor"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- sub-workflows -----------------------------------------------------------------------

    @Test
    void aSubWorkflowRunsOnlyAWorkflowItsOwnerCanReadAtThatRun() throws Exception {
        String child = alice.create(SECRET_REPORT);
        String parent = bob.create(calling(child));
        String parentOfMissing = bob.create(calling(MISSING_WORKFLOW));

        JsonNode hidden = bob.runAndWait(parent, "{}");
        JsonNode none = bob.runAndWait(parentOfMissing, "{}");

        assertThat(hidden.get("status").asText()).isEqualTo("failed");
        assertThat(nodeError(hidden, "call").replace(child, "X")).isEqualTo(nodeError(none, "call").replace(MISSING_WORKFLOW, "X"));
        assertThat(hidden.get("error_message").asText().replace(child, "X"))
                .isEqualTo(none.get("error_message").asText().replace(MISSING_WORKFLOW, "X"));
        assertThat(hidden.toString()).doesNotContain("alice-numbers");
        assertThat(executionsOf(child)).as("the child never ran").isZero();

        share(alice, "workflows", child, "read");
        JsonNode shared = bob.runAndWait(parent, "{}");
        assertThat(shared.get("status").asText()).as(shared.toString()).isEqualTo("success");
        assertThat(shared.get("output").toString()).contains("alice-numbers");

        unshare(alice, "workflows", child);
        JsonNode revoked = bob.runAndWait(parent, "{}");
        assertThat(nodeError(revoked, "call")).isEqualTo(nodeError(hidden, "call"));
        assertThat(executionsOf(child)).isEqualTo(1);
    }

    // ---- event triggers ----------------------------------------------------------------------

    @Test
    void anEventTriggerFollowsOnlyAWorkflowItsOwnerCanReadAndStopsWhenTheShareIsRevoked() throws Exception {
        String followed = alice.create(SECRET_REPORT);
        String witness = alice.create(following(followed));
        assertThat(alice.post("/api/workflows/" + witness + "/activate", "{}").status()).isEqualTo(200);

        Reply hidden = bob.post("/api/workflows", following(followed));
        Reply none = bob.post("/api/workflows", following(MISSING_WORKFLOW));
        assertThat(hidden.status()).as(hidden.text()).isEqualTo(422);
        assertThat(hidden.json().at("/error/details/0/field").asText()).isEqualTo("trigger.workflow");
        assertThat(hidden.text().replace(followed, "X")).isEqualTo(none.text().replace(MISSING_WORKFLOW, "X"));
        assertThat(bob.post("/api/workflows/validate", following(followed)).text().replace(followed, "X"))
                .isEqualTo(bob.post("/api/workflows/validate", following(MISSING_WORKFLOW)).text().replace(MISSING_WORKFLOW, "X"));

        share(alice, "workflows", followed, "read");
        String follower = bob.create(following(followed));
        assertThat(bob.post("/api/workflows/" + follower + "/activate", "{}").status()).isEqualTo(200);
        alice.runAndWait(followed, "{}");
        awaitExecutions(witness, 1);
        awaitExecutions(follower, 1);
        JsonNode got = bob.get("/api/executions/" + bob.get("/api/executions?workflow_id=" + follower).json()
                .at("/items/0/id").asText()).json();
        assertThat(got.get("input").toString()).contains("alice-numbers");

        unshare(alice, "workflows", followed);
        alice.runAndWait(followed, "{}");
        awaitExecutions(witness, 2);
        Thread.sleep(500);
        assertThat(executionsOf(follower)).as("no summary after the share was revoked").isEqualTo(1);
    }

    // ---- credentials -------------------------------------------------------------------------

    @Test
    void aCredentialShareRevokedAfterTheWorkflowWasSavedStopsWorkingAtTheNextRun() throws Exception {
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", x -> {
            authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            byte[] ok = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, ok.length);
            x.getResponseBody().write(ok);
            x.close();
        });
        api.start();
        try {
            String url = "http://127.0.0.1:" + api.getAddress().getPort() + "/orders";
            String hers = alice.credential("Alice's API", "http", Map.of("auth", "bearer", "token", "alice-bearer-0123456789"));
            share(alice, "credentials", hers, "read");
            String flow = bob.create(calling(url, hers));
            String his = bob.credential("Bob's API", "http", Map.of("auth", "bearer", "token", "bob-bearer-0123456789"));
            String flowOfMissing = bob.create(calling(url, his));
            assertThat(bob.delete("/api/credentials/" + his).status()).isEqualTo(204);

            JsonNode whileShared = bob.runAndWait(flow, "{}");
            assertThat(whileShared.get("status").asText()).as(whileShared.toString()).isEqualTo("success");
            assertThat(authorizations).containsExactly("Bearer alice-bearer-0123456789");

            unshare(alice, "credentials", hers);
            JsonNode revoked = bob.runAndWait(flow, "{}");
            JsonNode none = bob.runAndWait(flowOfMissing, "{}");

            assertThat(revoked.get("status").asText()).isEqualTo("failed");
            assertThat(nodeError(revoked, "call").replace(hers, "X")).isEqualTo(nodeError(none, "call").replace(his, "X"));
            assertThat(authorizations).as("no request, no secret used").hasSize(1);
            assertThat(alice.runAndWait(alice.create(calling(url, hers)), "{}").get("status").asText())
                    .as("the owner still uses it").isEqualTo("success");
        } finally {
            api.stop(0);
        }
    }

    // ---- agents ------------------------------------------------------------------------------

    @Test
    void anAgentBelongsToItsMakerAndOthersMeetItAsMissingUntilItIsShared() throws Exception {
        String agent = "helper-" + UUID.randomUUID().toString().substring(0, 8);
        String missing = "no-such-agent-" + UUID.randomUUID().toString().substring(0, 8);
        Reply made = alice.put("/api/agents/" + agent, Map.of("name", "Helper", "system_prompt", "Help.", "memory_size", 0));
        assertThat(made.status()).as(made.text()).isEqualTo(200);
        assertThat(made.json().get("owner_id").asText()).isEqualTo(alice.get("/api/me").json().get("id").asText());
        assertThat(alice.runAndWait(alice.create(memory(agent, "store")), "{\"plan\": \"alice's plan\"}")
                .get("status").asText()).isEqualTo("success");

        for (String method : List.of("GET", "DELETE")) {
            Reply hidden = bob.send(request(method, "/api/agents/" + agent));
            Reply none = bob.send(request(method, "/api/agents/" + missing));
            assertThat(hidden.status()).as(method).isEqualTo(404);
            assertThat(hidden.text().replace(agent, "X")).isEqualTo(none.text().replace(missing, "X"));
        }
        assertThat(bob.put("/api/agents/" + agent, Map.of("name", "Mine now", "system_prompt", "x")).status()).isEqualTo(404);
        Reply hiddenShares = bob.get("/api/agents/" + agent + "/share");
        assertThat(hiddenShares.text().replace(agent, "X"))
                .isEqualTo(bob.get("/api/agents/" + missing + "/share").text().replace(missing, "X"));
        assertThat(agentIds(bob)).doesNotContain(agent);
        assertThat(agentIds(alice)).contains(agent);
        assertThat(agentIds(server)).as("admins see every agent").contains(agent);
        String recall = bob.create(memory(agent, "recall"));
        JsonNode refused = bob.runAndWait(recall, "{}");
        JsonNode none = bob.runAndWait(bob.create(memory(missing, "recall")), "{}");
        assertThat(refused.get("status").asText()).isEqualTo("failed");
        assertThat(nodeError(refused, "memory").replace(agent, "X")).isEqualTo(nodeError(none, "memory").replace(missing, "X"));
        assertThat(refused.toString()).doesNotContain("alice's plan");

        share(alice, "agents", agent, "read");
        assertThat(bob.get("/api/agents/" + agent).status()).isEqualTo(200);
        assertThat(agentIds(bob)).contains(agent);
        assertThat(bob.put("/api/agents/" + agent, Map.of("name", "Changed", "system_prompt", "x")).status()).isEqualTo(403);
        assertThat(bob.delete("/api/agents/" + agent).status()).isEqualTo(403);
        assertThat(bob.runAndWait(recall, "{}").get("output").toString()).contains("alice's plan");
        share(alice, "agents", agent, "edit");
        assertThat(bob.put("/api/agents/" + agent, Map.of("name", "Changed", "system_prompt", "x")).status()).isEqualTo(200);
        assertThat(bob.post("/api/agents/" + agent + "/share", Map.of("email", "bob@ownership.test")).status())
                .as("only the owner or an admin shares").isEqualTo(403);

        unshare(alice, "agents", agent);
        assertThat(bob.get("/api/agents/" + agent).status()).isEqualTo(404);
        assertThat(nodeError(bob.runAndWait(recall, "{}"), "memory")).isEqualTo(nodeError(refused, "memory"));
        assertThat(alice.delete("/api/agents/" + agent).status()).isEqualTo(204);
        assertThat(server.get("/api/audit?limit=200").text())
                .contains("agent.create", "agent.update", "agent.share", "agent.unshare", "agent.delete");
    }

    @Test
    void anAgentIdFreedByItsOwnerCarriesNothingOfTheOldAgentToItsNextMaker() throws Exception {
        String agent = "reused-" + UUID.randomUUID().toString().substring(0, 8);
        alice.put("/api/agents/" + agent, Map.of("name", "Hers", "system_prompt", "x"));
        alice.runAndWait(alice.create(memory(agent, "store")), "{\"plan\": \"alice's plan\"}");
        share(alice, "agents", agent, "read");
        assertThat(alice.delete("/api/agents/" + agent).status()).isEqualTo(204);

        assertThat(bob.put("/api/agents/" + agent, Map.of("name", "His", "system_prompt", "x")).status()).isEqualTo(200);
        JsonNode recalled = bob.runAndWait(bob.create(memory(agent, "recall")), "{}");

        assertThat(recalled.get("status").asText()).as(recalled.toString()).isEqualTo("success");
        assertThat(recalled.toString()).doesNotContain("alice's plan");
        assertThat(alice.get("/api/agents/" + agent).status()).isEqualTo(404);
    }

    // ---- notifications -----------------------------------------------------------------------

    @Test
    void aNotificationReachesOnlyTheWorkflowsOwnerAndTheUsersItIsSharedWith() throws Exception {
        String aliceId = alice.get("/api/me").json().get("id").asText();
        String bobId = bob.get("/api/me").json().get("id").asText();
        String adminId = server.get("/api/me").json().get("id").asText();
        String nobody = "user-that-never-was";
        String flow = bob.create(notifying("{{ data.who }}"));

        JsonNode toAlice = bob.runAndWait(flow, Map.of("who", aliceId));
        JsonNode toNobody = bob.runAndWait(flow, Map.of("who", nobody));
        JsonNode toAdmin = bob.runAndWait(flow, Map.of("who", adminId));

        assertThat(toAlice.get("status").asText()).isEqualTo("failed");
        assertThat(nodeError(toAlice, "note").replace(aliceId, "X")).isEqualTo(nodeError(toNobody, "note").replace(nobody, "X"));
        assertThat(toAdmin.get("status").asText()).as("admins are no exception").isEqualTo("failed");
        assertThat(notifications(alice)).doesNotContain("from bob");
        assertThat(bob.runAndWait(flow, Map.of("who", bobId)).get("status").asText()).isEqualTo("success");

        Reply literal = bob.post("/api/workflows", notifying(aliceId));
        Reply literalNobody = bob.post("/api/workflows", notifying(nobody));
        assertThat(literal.status()).as(literal.text()).isEqualTo(422);
        assertThat(literal.json().at("/error/details/0/field").asText()).isEqualTo("config.user");
        assertThat(literal.text().replace(aliceId, "X")).isEqualTo(literalNobody.text().replace(nobody, "X"));

        share(bob, "workflows", flow, "read", "alice@ownership.test");
        assertThat(bob.runAndWait(flow, Map.of("who", aliceId)).get("status").asText()).isEqualTo("success");
        assertThat(notifications(alice)).contains("from bob");
        assertThat(bob.put("/api/workflows/" + flow, notifying(aliceId)).status()).as("shared with her: may name her").isEqualTo(200);
        assertThat(bob.post("/api/workflows/validate", bob.get("/api/workflows/" + flow).text()).json().get("valid").asBoolean())
                .isTrue();
    }

    // ---- webhooks ----------------------------------------------------------------------------

    @Test
    void aTakenWebhookPathNamesNoOtherUsersWorkflowAndTheRefusedDraftStillRunsByHand() throws Exception {
        String path = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        String hers = alice.create(answering(path, "alice", null));
        assertThat(alice.post("/api/workflows/" + hers + "/activate", "{}").status()).isEqualTo(200);
        String his = bob.create(answering(path, "bob", null));

        Reply refused = bob.post("/api/workflows/" + his + "/activate", "{}");
        Reply run = bob.post("/api/workflows/" + his + "/run?wait=true", "{}");

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().at("/error/message").asText()).contains("/webhooks/" + path).doesNotContain(hers);
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        assertThat(run.json().get("status").asText()).isEqualTo("success");
        assertThat(run.json().get("output").asText()).isEqualTo("bob");
        assertThat(bob.get("/api/workflows/" + his).json().get("status").asText()).isEqualTo("draft");
        assertThat(hook(path, "{}").text()).as("the path still answers with its holder").isEqualTo("alice");

        assertThat(alice.post("/api/workflows/" + hers + "/disable", "{}").status()).isEqualTo(200);
        Reply activated = bob.post("/api/workflows/" + his + "/activate", "{}");
        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
        assertThat(hook(path, "{}").text()).as("the path once it is free").isEqualTo("bob");
    }

    @Test
    void theHeadersCarryingAWebhooksSecretOrSignatureAreNotKeptInTheExecution() throws Exception {
        String path = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        String id = alice.create(answering(path, "ok",
                "{\"type\": \"header\", \"name\": \"X-Hook-Key\", \"value\": \"hook-key-0123456789\"}"));
        assertThat(alice.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        String hmacPath = "hmac-" + UUID.randomUUID().toString().substring(0, 8);
        String hmacId = alice.create(answering(hmacPath, "ok",
                "{\"type\": \"hmac\", \"header\": \"X-Our-Signature\", \"secret\": \"hmac-secret-0123\"}"));
        assertThat(alice.post("/api/workflows/" + hmacId + "/activate", "{}").status()).isEqualTo(200);
        List<String> dropped = List.of("X-Webhook-Secret", "X-Signature-256", "X-Hub-Signature", "X-Hub-Signature-256",
                "Stripe-Signature", "X-Slack-Signature", "X-Shopify-Hmac-Sha256", "webhook-signature", "Proxy-Authorization");
        String[] headers = new String[2 * dropped.size() + 4];
        for (int i = 0; i < dropped.size(); i++) {
            headers[2 * i] = dropped.get(i);
            headers[2 * i + 1] = "signature-value-" + i;
        }
        headers[headers.length - 4] = "X-Hook-Key";
        headers[headers.length - 3] = "hook-key-0123456789";
        headers[headers.length - 2] = "X-Custom";
        headers[headers.length - 1] = "kept";
        String timestamp = String.valueOf(java.time.Instant.now().getEpochSecond());
        String signature = "sha256=" + hmac("hmac-secret-0123", timestamp + ".{}");

        assertThat(hook(path, "{}", headers).text()).isEqualTo("ok");
        assertThat(hook(hmacPath, "{}", "X-Our-Signature", signature, "X-Webhook-Timestamp", timestamp).text()).isEqualTo("ok");

        JsonNode kept = latestExecution(id).get("trigger_data").get("headers");
        assertThat(kept.get("x-custom").asText()).isEqualTo("kept");
        assertThat(kept.has("x-hook-key")).as(kept.toString()).isFalse();
        for (String h : dropped) {
            assertThat(kept.has(h.toLowerCase(java.util.Locale.ROOT))).as(h + " in " + kept).isFalse();
        }
        assertThat(kept.toString()).doesNotContain("hook-key-0123456789", "signature-value-");
        JsonNode hmacKept = latestExecution(hmacId).get("trigger_data").get("headers");
        assertThat(hmacKept.has("x-our-signature")).as(hmacKept.toString()).isFalse();
        assertThat(hmacKept.get("x-webhook-timestamp").asText()).isEqualTo(timestamp);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static final String MISSING_WORKFLOW = "wf-000000000000";

    /** Answers alice-numbers. */
    private static final String SECRET_REPORT = """
            {"name": "alice's report", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "report", "type": "transform", "config": {"type": "jmespath", "query": "{report: 'alice-numbers'}"}}],
             "connections": [{"source": "in", "target": "report"}]}""";

    private static String calling(String child) {
        return """
                {"name": "parent", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "sub_workflow", "config": {"workflow": "%s"}}],
                 "connections": [{"source": "in", "target": "call"}]}""".formatted(child);
    }

    private static String calling(String url, String credential) {
        return """
                {"name": "uses a credential", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "api_request", "config": {"url": "%s", "credential": "%s"}}],
                 "connections": [{"source": "in", "target": "call"}]}""".formatted(url, credential);
    }

    private static String following(String workflow) {
        return """
                {"name": "follower", "trigger": {"type": "event", "on": "workflow.succeeded", "workflow": "%s"},
                 "nodes": [{"id": "got", "type": "transform", "config": {"type": "jmespath", "query": "output"}}],
                 "connections": []}""".formatted(workflow);
    }

    private static String memory(String agent, String operation) {
        return """
                {"name": "memory", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "memory", "type": "agent_memory", "config": {"agent": "%s", "operation": "%s", "key": "plan",
                   "content": "{{ data.plan }}"}}],
                 "connections": [{"source": "in", "target": "memory"}]}""".formatted(agent, operation);
    }

    private static String notifying(String user) {
        return """
                {"name": "notifies", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "note", "type": "notification", "config": {"user": "%s", "message": "from bob"}}],
                 "connections": [{"source": "in", "target": "note"}]}""".formatted(user);
    }

    /** The owner shares a resource ({@code workflows}, {@code credentials}, {@code agents}) with bob. */
    private static void share(TestServer owner, String area, String id, String access) throws Exception {
        share(owner, area, id, access, "bob@ownership.test");
    }

    private static void share(TestServer owner, String area, String id, String access, String email) throws Exception {
        Reply r = owner.post("/api/" + area + "/" + id + "/share", Map.of("email", email, "access", access));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static void unshare(TestServer owner, String area, String id) throws Exception {
        String bobId = bob.get("/api/me").json().get("id").asText();
        Reply r = owner.delete("/api/" + area + "/" + id + "/share?user_id=" + bobId);
        assertThat(r.status()).as(r.text()).isEqualTo(204);
    }

    private static String nodeError(JsonNode execution, String nodeId) {
        return TestServer.nodeLog(execution, nodeId).get("error").asText();
    }

    private static int executionsOf(String workflowId) throws Exception {
        return server.get("/api/executions?limit=200&workflow_id=" + workflowId).json().get("items").size();
    }

    private static void awaitExecutions(String workflowId, int atLeast) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (executionsOf(workflowId) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(executionsOf(workflowId)).as("executions of " + workflowId).isGreaterThanOrEqualTo(atLeast);
    }

    private static List<String> agentIds(TestServer client) throws Exception {
        return client.get("/api/agents").json().get("items").findValuesAsText("id");
    }

    private static List<String> notifications(TestServer client) throws Exception {
        return client.get("/api/notifications").json().get("items").findValuesAsText("message");
    }

    private static HttpRequest.Builder request(String method, String path) {
        return HttpRequest.newBuilder(URI.create(server.base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    }

    /** A webhook workflow on the path that answers the text when it finishes. */
    private static String answering(String path, String text, String auth) {
        return """
                {"name": "answers %s", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"%s},
                 "nodes": [{"id": "in", "type": "webhook_input"},
                   {"id": "say", "type": "transform", "config": {"type": "template", "template": "%s"}}],
                 "connections": [{"source": "in", "target": "say"}]}""".formatted(text, path,
                auth == null ? "" : ", \"auth\": " + auth, text);
    }

    private static Reply hook(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + "/webhooks/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.anonymous().send(b);
    }

    private static JsonNode latestExecution(String workflowId) throws Exception {
        JsonNode items = server.get("/api/executions?workflow_id=" + workflowId + "&limit=1").json().get("items");
        assertThat(items).hasSize(1);
        return server.get("/api/executions/" + items.get(0).get("id").asText()).json();
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
