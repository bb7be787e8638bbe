package io.webops.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP nodes take a github credential: its token goes as a bearer token to the GitHub API the credential names and to
 * no other host, not even by a redirect.
 */
class GitHubCredentialTest {

    static final String TOKEN = "ghp_test0123456789abcdefTOKEN";

    static TestServer server;
    static FakeApi github;
    static FakeApi elsewhere;
    static String credential;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        github = new FakeApi();
        elsewhere = new FakeApi();
        credential = Flows.credential(server, "github", Map.of("token", TOKEN, "api_url", github.url("/api/v3")));
    }

    @AfterAll
    static void stop() {
        github.close();
        elsewhere.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        github.reset();
        elsewhere.reset();
    }

    static String calling(String url) throws Exception {
        return server.create(workflow(credential, url));
    }

    static String workflow(String credentialId, String url) {
        return """
                {"name": "github call", "nodes": [
                  {"id": "repo", "type": "api_request", "credential": "%s", "config": {"url": "%s"}}],
                 "connections": []}""".formatted(credentialId, url);
    }

    @Test
    void theTokenGoesToTheGitHubApiAsABearerToken() throws Exception {
        github.on("/api/v3/repos/acme/site", FakeApi.Response.json(200, "{\"full_name\": \"acme/site\"}"));

        JsonNode ex = server.runAndWait(calling(github.url("/api/v3/repos/acme/site")), "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(github.requests).hasSize(1);
        FakeApi.Request sent = github.requests.get(0);
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/api/v3/repos/acme/site");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(ex.toString()).doesNotContain(TOKEN);
    }

    @Test
    void anotherHostIsRefusedBeforeAnythingIsSent() throws Exception {
        elsewhere.on("/collect", FakeApi.Response.json(200, "{}"));

        JsonNode ex = server.runAndWait(calling(elsewhere.url("/collect")), "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("credential '" + credential + "' is a github credential,"
                + " sent only to its GitHub API " + github.url("/api/v3")).contains(elsewhere.url("/collect") + " is elsewhere");
        assertThat(elsewhere.requests).isEmpty();
    }

    @Test
    void aPathOutsideTheApiBaseIsRefusedToo() throws Exception {
        JsonNode ex = server.runAndWait(calling(github.url("/api/v3-evil/x")), "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(github.requests).isEmpty();
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedWithTheToken() throws Exception {
        elsewhere.on("/steal", FakeApi.Response.json(200, "{}"));
        github.on("/api/v3/moved", FakeApi.Response.json(302, "").withHeader("Location", elsewhere.url("/steal")));

        server.runAndWait(calling(github.url("/api/v3/moved")), "{}");

        assertThat(github.requests).hasSize(1);
        assertThat(elsewhere.requests).as("the client stops at a redirect to another host while it carries the token").isEmpty();
    }

    @Test
    void aCredentialOfAnotherKindIsRefusedWhenSaving() throws Exception {
        String slack = Flows.credential(server, "slack", Map.of("bot_token", "xoxb-1"));
        TestServer.Reply r = server.post("/api/workflows", workflow(slack, github.url("/api/v3/x")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("is a slack credential; this node needs a http or github credential");
    }

    @Test
    void theCatalogueListsBothKindsTheHttpNodesTake() throws Exception {
        JsonNode types = server.get("/api/node-types").json();
        JsonNode apiRequest = null;
        for (JsonNode t : types.path("items").isArray() ? types.get("items") : types) {
            if (t.get("type").asText().equals("api_request")) {
                apiRequest = t;
            }
        }
        assertThat(apiRequest).isNotNull();
        assertThat(apiRequest.get("credential_kinds").toString()).isEqualTo("[\"http\",\"github\"]");
    }
}
