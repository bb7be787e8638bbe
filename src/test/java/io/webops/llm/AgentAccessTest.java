package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may read and write agents (their owner, those they are shared with, admins), which credentials an agent may
 * name, which workflows its tools reach.
 */
class AgentAccessTest {

    static FakeOpenAi fake;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeOpenAi();
        server = TestServer.start(Map.of("WEBOPS_LLM_BASE_URL", fake.baseUrl(), "WEBOPS_LLM_MODEL", "m"));
    }

    @AfterAll
    static void stop() {
        server.close();
        fake.close();
    }

    static Map<String, Object> agent(String prompt) {
        return Map.of("name", "a", "system_prompt", prompt, "tools", List.of(), "memory_size", 0);
    }

    @Test
    void anonymousCallersGetNothingAndViewersOnlyRead() throws Exception {
        assertThat(server.put("/api/agents/shared", agent("Shared.")).status()).isEqualTo(200);
        TestServer anonymous = server.anonymous();
        assertThat(anonymous.get("/api/agents").status()).isEqualTo(401);
        assertThat(anonymous.put("/api/agents/x", agent("x")).status()).isEqualTo(401);

        TestServer viewer = server.as(server.userToken("viewer@agents.test", "viewer"));
        assertThat(viewer.get("/api/agents/shared").status()).as("not shared with them yet").isEqualTo(404);
        assertThat(server.post("/api/agents/shared/share", Map.of("email", "viewer@agents.test", "access", "edit")).status())
                .isEqualTo(200);
        assertThat(viewer.get("/api/agents/shared").json().get("system_prompt").asText()).isEqualTo("Shared.");
        assertThat(viewer.put("/api/agents/shared", agent("Changed.")).status()).isEqualTo(403);
        assertThat(viewer.delete("/api/agents/shared").status()).isEqualTo(403);
        assertThat(server.get("/api/agents/shared").json().get("system_prompt").asText()).isEqualTo("Shared.");
    }

    @Test
    void anAgentNamesOnlyACredentialItsWriterCanRead() throws Exception {
        String adminsKey = server.post("/api/credentials", Map.of("name", "admin openai", "kind", "openai",
                "fields", Map.of("base_url", fake.baseUrl(), "api_key", "sk-admin-only-1234"))).json().get("id").asText();
        TestServer editor = server.as(server.userToken("editor@agents.test", "editor"));
        String editorsKey = editor.post("/api/credentials", Map.of("name", "my openai", "kind", "openai",
                "fields", Map.of("base_url", fake.baseUrl(), "api_key", "sk-editor-5678"))).json().get("id").asText();
        String editorsMail = editor.post("/api/credentials", Map.of("name", "mail", "kind", "smtp",
                "fields", Map.of("host", "127.0.0.1", "port", 25, "from", "a@example.com"))).json().get("id").asText();

        Map<String, Object> withAdmins = new java.util.HashMap<>(agent("x"));
        withAdmins.put("credential", adminsKey);
        TestServer.Reply borrowed = editor.put("/api/agents/borrowed", withAdmins);
        Map<String, Object> withMissing = new java.util.HashMap<>(agent("x"));
        withMissing.put("credential", "cred_never_made");
        assertThat(borrowed.status()).isEqualTo(422);
        assertThat(borrowed.text().replace(adminsKey, "X"))
                .as("someone else's credential answers as a missing one")
                .isEqualTo(editor.put("/api/agents/borrowed", withMissing).text().replace("cred_never_made", "X"));
        Map<String, Object> withMail = new java.util.HashMap<>(agent("x"));
        withMail.put("credential", editorsMail);
        assertThat(editor.put("/api/agents/mailer", withMail).json().get("error").get("message").asText())
                .contains("an agent needs an openai credential");
        Map<String, Object> withOwn = new java.util.HashMap<>(agent("x"));
        withOwn.put("credential", editorsKey);
        TestServer.Reply own = editor.put("/api/agents/own", withOwn);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.text()).doesNotContain("sk-editor-5678");
        assertThat(server.get("/api/agents/own").text()).doesNotContain("sk-editor-5678");
    }

    @Test
    void aToolNameReachesOnlyTheCallingWorkflowOwnersWorkflows() throws Exception {
        server.create("{\"name\": \"admin-secret-report\", \"nodes\": [{\"id\": \"t\", \"type\": \"transform\","
                + " \"config\": {\"type\": \"jmespath\", \"query\": \"{secret: 'admin data'}\"}}], \"connections\": []}");
        assertThat(server.put("/api/agents/snoop", Map.of("name", "snoop", "system_prompt", "x",
                "tools", List.of("admin-secret-report"), "memory_size", 0)).status()).isEqualTo(200);
        TestServer editor = server.as(server.userToken("other@agents.test", "editor"));
        assertThat(server.post("/api/agents/snoop/share", Map.of("email", "other@agents.test", "access", "read")).status())
                .isEqualTo(200);
        String id = editor.create("{\"name\": \"try\", \"nodes\": [{\"id\": \"n\", \"type\": \"agent_task\","
                + " \"config\": {\"agent\": \"snoop\", \"task\": \"Read the report\"}}], \"connections\": []}");
        int before = fake.requests().size();

        JsonNode run = editor.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("tool 'admin-secret-report' is neither http_fetch nor the id or name of a workflow");
        assertThat(fake.requests().size()).isEqualTo(before);
    }
}
