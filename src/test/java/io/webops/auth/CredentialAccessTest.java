package io.webops.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Credentials belong to their owner: others neither see nor use them unless shared; viewers create none. */
class CredentialAccessTest {

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

    static String flowUsing(String credential) {
        return """
                {"name": "uses a credential", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "api_request", "config": {"url": "http://127.0.0.1:9/x", "credential": "%s"}}],
                 "connections": [{"source": "in", "target": "call"}]}""".formatted(credential);
    }

    @Test
    void othersGet404ForEveryOperationAndNeverSeeItListed() throws Exception {
        String id = alice.credential("Alice API", "http", Map.of("auth", "bearer", "token", "alice-token-123"));
        assertThat(bob.get("/api/credentials/" + id).status()).isEqualTo(404);
        assertThat(bob.put("/api/credentials/" + id, Map.of("fields", Map.of("auth", "bearer"))).status()).isEqualTo(404);
        assertThat(bob.delete("/api/credentials/" + id).status()).isEqualTo(404);
        assertThat(bob.post("/api/credentials/" + id + "/share", Map.of("email", "bob@webops.test")).status()).isEqualTo(404);
        assertThat(ids(bob.get("/api/credentials"))).doesNotContain(id);
        assertThat(ids(alice.get("/api/credentials"))).contains(id);
        assertThat(ids(server.get("/api/credentials"))).as("admins see everything").contains(id);
        assertThat(alice.get("/api/credentials/" + id).status()).isEqualTo(200);
    }

    @Test
    void aWorkflowCannotNameSomeoneElsesCredential() throws Exception {
        String id = alice.credential("Alice API 2", "http", Map.of("auth", "bearer", "token", "alice-token-456"));
        Reply refused = bob.post("/api/workflows", flowUsing(id));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/error/details/0/field").asText()).isEqualTo("config.credential");
        assertThat(refused.json().at("/error/details/0/message").asText()).contains("does not exist");
        assertThat(alice.post("/api/workflows", flowUsing(id)).status()).isEqualTo(201);
    }

    @Test
    void someoneElsesCredentialLooksMissingEverywhereAWorkflowIsChecked() throws Exception {
        String id = alice.credential("Alice API 3", "http", Map.of("auth", "bearer", "token", "alice-token-000"));
        String missing = "cred-that-was-never-made";
        // validate without saving: the same answer as for an id that does not exist, so nothing is learnt
        JsonNode hers = bob.post("/api/workflows/validate", flowUsing(id)).json();
        JsonNode none = bob.post("/api/workflows/validate", flowUsing(missing)).json();
        assertThat(hers.get("valid").asBoolean()).isFalse();
        assertThat(hers.at("/errors/0/field").asText()).isEqualTo("config.credential");
        assertThat(Json.write(hers).replace(id, "X")).isEqualTo(Json.write(none).replace(missing, "X"));
        assertThat(alice.post("/api/workflows/validate", flowUsing(id)).json().get("valid").asBoolean()).isTrue();
        // replacing a workflow of one's own with one that names it
        String bobs = bob.credential("Bob API", "http", Map.of("auth", "bearer", "token", "bob-token-000"));
        String own = bob.post("/api/workflows", flowUsing(bobs)).json().get("id").asText();
        Reply put = bob.put("/api/workflows/" + own, flowUsing(id));
        assertThat(put.status()).isEqualTo(422);
        assertThat(put.json().at("/error/details/0/node_id").asText()).isEqualTo("call");
        assertThat(bob.get("/api/workflows/" + own).json().toString()).as("nothing saved half-way").doesNotContain(id);
    }

    @Test
    void sharingReadLetsOthersSeeAndUseButNotChange() throws Exception {
        String id = alice.credential("Shared API", "http", Map.of("auth", "bearer", "token", "shared-token-789"));
        assertThat(alice.post("/api/credentials/" + id + "/share", Map.of("email", "bob@webops.test", "access", "read")).status())
                .isEqualTo(200);
        Reply seen = bob.get("/api/credentials/" + id);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.text()).doesNotContain("shared-token-789");
        assertThat(ids(bob.get("/api/credentials"))).contains(id);
        assertThat(bob.post("/api/workflows", flowUsing(id)).status()).isEqualTo(201);
        assertThat(bob.put("/api/credentials/" + id, Map.of("fields", Map.of("auth", "bearer"))).status()).isEqualTo(403);
        assertThat(bob.delete("/api/credentials/" + id).status()).isEqualTo(403);
    }

    @Test
    void viewersCreateNoCredentialsAndAnonymousCallersNothingAtAll() throws Exception {
        assertThat(viewer.post("/api/credentials", Map.of("name", "v", "kind", "github", "fields", Map.of("token", "t"))).status())
                .isEqualTo(403);
        assertThat(server.anonymous().get("/api/credentials").status()).isEqualTo(401);
        assertThat(server.anonymous().get("/api/credential-kinds").status()).isEqualTo(401);
    }

    @Test
    void changesAreAudited() throws Exception {
        String id = alice.credential("Audited", "github", Map.of("token", "ghp_audit"));
        alice.delete("/api/credentials/" + id);
        String audit = server.get("/api/audit?limit=50").text();
        assertThat(audit).contains("credential.create").contains("credential.delete").contains(id).doesNotContain("ghp_audit");
    }

    static List<String> ids(Reply r) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : r.json().get("items")) {
            ids.add(n.get("id").asText());
        }
        return ids;
    }
}
