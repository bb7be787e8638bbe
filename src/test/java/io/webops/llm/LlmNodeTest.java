package io.webops.llm;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The llm node against a local OpenAI-compatible server: what is sent, what comes out, how failures behave. */
class LlmNodeTest {

    static FakeOpenAi fake;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeOpenAi();
        server = TestServer.start(Map.of("WEBOPS_LLM_BASE_URL", fake.baseUrl(), "WEBOPS_LLM_API_KEY", "sk-operator-key-4242",
                "WEBOPS_LLM_MODEL", "default-model"));
    }

    @AfterAll
    static void stop() {
        server.close();
        fake.close();
    }

    private int before;

    @BeforeEach
    void mark() {
        before = fake.requests().size();
    }

    static String workflow(String config, String nodeExtra) {
        return "{\"name\": \"llm\", \"nodes\": [{\"id\": \"ask\", \"type\": \"llm\", \"config\": " + config + nodeExtra + "}],"
                + " \"connections\": []}";
    }

    @Test
    void rendersBothTemplateFormsAndSendsModelSettingsAndKey() throws Exception {
        fake.reply("A short summary.");
        String id = server.create(workflow("{\"system\": \"You write for {{ data.audience }}.\","
                + " \"prompt\": \"Summarize: {content}\", \"model\": \"gpt-test\", \"temperature\": 0.2, \"max_tokens\": 77}", ""));
        JsonNode run = server.runAndWait(id, Map.of("content", "The quarterly report grew 12%.", "audience", "engineers"));

        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("output").get("text").asText()).isEqualTo("A short summary.");
        FakeOpenAi.Recorded sent = fake.request(before);
        assertThat(sent.body().get("model").asText()).isEqualTo("gpt-test");
        assertThat(sent.body().get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.body().get("max_tokens").asInt()).isEqualTo(77);
        assertThat(sent.messages().get(0).get("role").asText()).isEqualTo("system");
        assertThat(sent.messages().get(0).get("content").asText()).isEqualTo("You write for engineers.");
        assertThat(sent.messages().get(1).get("role").asText()).isEqualTo("user");
        assertThat(sent.messages().get(1).get("content").asText()).isEqualTo("Summarize: The quarterly report grew 12%.");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-operator-key-4242");

        JsonNode details = nodeLog(run, "ask").get("details");
        assertThat(details.get("model").asText()).isEqualTo("gpt-test");
        assertThat(details.get("token_usage").get("input_tokens").asInt()).isPositive();
        assertThat(details.get("token_usage").get("total_tokens").asInt())
                .isEqualTo(details.get("token_usage").get("input_tokens").asInt() + details.get("token_usage").get("output_tokens").asInt());
        assertThat(details.get("calls")).hasSize(1);
        assertThat(details.get("calls").get(0).has("latency_ms")).isTrue();
    }

    @Test
    void usesTheServerDefaultModelWhenTheNodeNamesNone() throws Exception {
        fake.reply("ok");
        String id = server.create(workflow("{\"prompt\": \"Hi\"}", ""));
        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("success");
        FakeOpenAi.Recorded sent = fake.request(before);
        assertThat(sent.body().get("model").asText()).isEqualTo("default-model");
        assertThat(sent.body().has("temperature")).isFalse();
        assertThat(sent.messages()).hasSize(1);
    }

    @Test
    void jsonAnswerThatDoesNotMatchTheSchemaIsAskedForAgainWithTheProblem() throws Exception {
        fake.reply("{\"title\": \"Launch\"}").reply("```json\n{\"title\": \"Launch\", \"priority\": 2}\n```");
        String id = server.create(workflow("{\"prompt\": \"Extract from {{ data.text }}\", \"output\": \"json\","
                + " \"schema\": {\"type\": \"object\", \"required\": [\"title\", \"priority\"],"
                + " \"properties\": {\"title\": {\"type\": \"string\"}, \"priority\": {\"type\": \"integer\"}}}}", ""));
        JsonNode run = server.runAndWait(id, Map.of("text", "Launch, priority 2"));

        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("output")).isEqualTo(Json.parse("{\"title\": \"Launch\", \"priority\": 2}"));
        assertThat(fake.requests().size() - before).isEqualTo(2);
        FakeOpenAi.Recorded first = fake.request(before);
        assertThat(first.body().get("response_format").get("type").asText()).isEqualTo("json_object");
        assertThat(first.text("system")).contains("\"priority\"");
        FakeOpenAi.Recorded repair = fake.request(before + 1);
        assertThat(repair.text("assistant")).contains("{\"title\": \"Launch\"}");
        assertThat(repair.text("user")).contains("cannot be used").contains("priority");
        assertThat(nodeLog(run, "ask").get("details").get("repairs")).hasSize(1);
    }

    @Test
    void anArrayAnswerIsAskedForInWordsNotInJsonObjectMode() throws Exception {
        fake.reply("[\"a\", \"b\"]");
        String id = server.create(workflow("{\"prompt\": \"List two letters\", \"output\": \"json\","
                + " \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}", ""));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("output")).isEqualTo(Json.parse("[\"a\", \"b\"]"));
        assertThat(fake.request(before).body().has("response_format")).isFalse();
        assertThat(fake.request(before).text("system")).contains("Answer with JSON only").contains("\"array\"");
    }

    @Test
    void jsonAnswerStillWrongAfterOneRepairFailsTheNodeClearly() throws Exception {
        fake.reply("not json at all").reply("still not json");
        String id = server.create(workflow("{\"prompt\": \"Give JSON\", \"output\": \"json\"}", ""));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("Node 'ask'").contains("not valid JSON").contains("asked for again");
        assertThat(fake.requests().size() - before).isEqualTo(2);
    }

    @Test
    void rateLimitWithRetryAfterIsRetriedNoSoonerThanTheServerAsked() throws Exception {
        fake.status(429, "{\"error\": {\"message\": \"Rate limit reached\"}}", Map.of("Retry-After", "1")).reply("after the wait");
        String id = server.create(workflow("{\"prompt\": \"Hi\"}", ", \"retry_on_failure\": true, \"max_retries\": 2"));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("output").get("text").asText()).isEqualTo("after the wait");
        assertThat(nodeLog(run, "ask").get("attempts").asInt()).isEqualTo(2);
        long gapMillis = (fake.request(before + 1).receivedNanos() - fake.request(before).receivedNanos()) / 1_000_000;
        assertThat(gapMillis).as("the retry waits the Retry-After second, not the 50 ms backoff").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void serverErrorIsTransientAndRetried() throws Exception {
        fake.status(500, "{\"error\": {\"message\": \"upstream overloaded\"}}", Map.of()).reply("fine now");
        String id = server.create(workflow("{\"prompt\": \"Hi\"}", ", \"retry_on_failure\": true, \"max_retries\": 1"));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(nodeLog(run, "ask").get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void clientErrorFailsAtOnceWithTheServersMessage() throws Exception {
        fake.status(404, "{\"error\": {\"message\": \"The model 'gpt-nope' does not exist\"}}", Map.of());
        String id = server.create(workflow("{\"prompt\": \"Hi\", \"model\": \"gpt-nope\"}", ", \"retry_on_failure\": true, \"max_retries\": 3"));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("Node 'ask'").contains("404")
                .contains("The model 'gpt-nope' does not exist").contains("check the model name");
        assertThat(fake.requests().size() - before).isEqualTo(1);
        assertThat(nodeLog(run, "ask").get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aServerSlowerThanTheNodesTimeoutFailsTheNodeWithATimeout() throws Exception {
        fake.slowReply(3000, "too late");
        String id = server.create(workflow("{\"prompt\": \"Hi\"}", ", \"timeout_seconds\": 1"));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("Node 'ask'")
                .contains("did not answer within the node's timeout of 1 s");
    }

    @Test
    void noModelConfiguredFailsSayingHowToConfigureOne() throws Exception {
        try (TestServer bare = TestServer.start()) {
            String id = bare.create(workflow("{\"prompt\": \"Hi\"}", ""));
            JsonNode run = bare.runAndWait(id, Map.of());
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.get("output").isNull()).isTrue();
            assertThat(run.get("error_message").asText()).contains("Node 'ask'").contains("no model server is configured")
                    .contains("openai credential").contains("WEBOPS_LLM_BASE_URL");
        }
    }

    @Test
    void aBaseUrlAtAForbiddenAddressIsRefusedBeforeAnythingIsSent() throws Exception {
        try (TestServer guarded = TestServer.start(Map.of("WEBOPS_SSRF_ALLOW", "", "WEBOPS_LLM_BASE_URL", fake.baseUrl(),
                "WEBOPS_LLM_MODEL", "m"))) {
            String id = guarded.create(workflow("{\"prompt\": \"Hi\"}", ""));
            JsonNode run = guarded.runAndWait(id, Map.of());
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.get("error_message").asText()).contains("Node 'ask'").contains("could not be reached")
                    .containsIgnoringCase("refused");
            assertThat(fake.requests().size()).isEqualTo(before);

            String credential = guarded.post("/api/credentials", Map.of("name", "metadata", "kind", "openai",
                    "fields", Map.of("base_url", "http://169.254.169.254/v1", "api_key", "sk-x", "model", "m"))).json().get("id").asText();
            String viaCredential = guarded.create(workflow("{\"prompt\": \"Hi\", \"credential\": \"" + credential + "\"}", ""));
            JsonNode refused = guarded.runAndWait(viaCredential, Map.of());
            assertThat(refused.get("status").asText()).isEqualTo("failed");
            assertThat(refused.get("error_message").asText()).containsIgnoringCase("refused");
        }
    }

    @Test
    void aChangedCredentialIsUsedByTheNextRunAndNeitherKeyNorAddressIsInTheRoutes() throws Exception {
        String credential = server.post("/api/credentials", Map.of("name", "rotating", "kind", "openai",
                "fields", Map.of("base_url", fake.baseUrl(), "api_key", "sk-first-key-1111", "model", "m1"))).json().get("id").asText();
        fake.reply("one").reply("two");
        String id = server.create(workflow("{\"prompt\": \"Hi\", \"credential\": \"" + credential + "\"}", ""));

        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("success");
        assertThat(server.put("/api/credentials/" + credential, Map.of("fields", Map.of("base_url", fake.baseUrl(),
                "api_key", "sk-second-key-2222", "model", "m2"))).status()).isEqualTo(200);
        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("success");

        assertThat(fake.request(before).header("Authorization")).isEqualTo("Bearer sk-first-key-1111");
        assertThat(fake.request(before + 1).header("Authorization")).isEqualTo("Bearer sk-second-key-2222");
        assertThat(fake.request(before + 1).body().get("model").asText()).isEqualTo("m2");
        String routes = server.get("/api/workflows/" + id + "/routes").text();
        assertThat(routes).contains("langchain4j-chat:").doesNotContain("sk-first", "sk-second", fake.baseUrl(), "Hi\"");
    }

    @Test
    void theOperatorsKeyEchoedByTheServerIsScrubbedFromTheExecution() throws Exception {
        fake.status(401, "{\"error\": {\"message\": \"Incorrect API key provided: sk-operator-key-4242\"}}", Map.of());
        String id = server.create(workflow("{\"prompt\": \"Hi\"}", ""));
        JsonNode run = server.runAndWait(id, Map.of());

        assertThat(run.get("error_message").asText()).contains("Incorrect API key provided: ***");
        assertThat(server.get("/api/executions/" + run.get("id").asText()).text()).doesNotContain("sk-operator-key-4242");
        assertThat(server.get("/api/node-types").text()).doesNotContain("sk-operator-key-4242");
    }

    @Test
    void theCredentialsKeyIsSentButNeverAppearsInAnswersOrLogs() throws Exception {
        String key = "sk-live-credential-secret-9876";
        String credential = server.post("/api/credentials", Map.of("name", "openai", "kind", "openai",
                "fields", Map.of("base_url", fake.baseUrl(), "api_key", key, "model", "cred-model"))).json().get("id").asText();
        fake.reply("fine").status(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + key + "\"}}", Map.of());
        String id = server.create(workflow("{\"prompt\": \"Hi\", \"credential\": \"" + credential + "\"}", ""));

        JsonNode ok = server.runAndWait(id, Map.of());
        JsonNode denied = server.runAndWait(id, Map.of());

        assertThat(ok.get("status").asText()).isEqualTo("success");
        assertThat(fake.request(before).header("Authorization")).isEqualTo("Bearer " + key);
        assertThat(fake.request(before).body().get("model").asText()).isEqualTo("cred-model");
        assertThat(denied.get("status").asText()).isEqualTo("failed");
        assertThat(denied.get("error_message").asText()).contains("401").contains("Incorrect API key provided: ***")
                .contains("check the API key");
        for (String path : new String[] {"/api/executions/" + ok.get("id").asText(), "/api/executions/" + denied.get("id").asText(),
                "/api/executions?workflow_id=" + id, "/api/credentials", "/api/credentials/" + credential, "/api/workflows/" + id}) {
            assertThat(server.get(path).text()).as(path).doesNotContain(key);
        }
        assertThat(denied.toString()).doesNotContain(key);
    }
}
