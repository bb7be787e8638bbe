package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent nodes and the agents API against a local OpenAI-compatible server, asserting what each prompt carried. */
class AgentNodesTest {

    static FakeOpenAi fake;
    static TestServer server;
    static HttpServer status;

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeOpenAi();
        server = TestServer.start(Map.of("WEBOPS_LLM_BASE_URL", fake.baseUrl(), "WEBOPS_LLM_API_KEY", "sk-agent-key-1234",
                "WEBOPS_LLM_MODEL", "agent-model"));
        status = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        status.createContext("/status", e -> {
            byte[] body = "all systems green".getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        status.start();
    }

    @AfterAll
    static void stop() {
        status.stop(0);
        server.close();
        fake.close();
    }

    private int before;

    @BeforeEach
    void mark() {
        before = fake.requests().size();
    }

    static void agent(String id, String systemPrompt, List<String> tools, int memorySize) throws Exception {
        TestServer.Reply r = server.put("/api/agents/" + id, Map.of("name", id, "system_prompt", systemPrompt,
                "tools", tools, "memory_size", memorySize));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static JsonNode runNode(String type, String config, Object input) throws Exception {
        String id = server.create("{\"name\": \"" + type + "\", \"nodes\": [{\"id\": \"n\", \"type\": \"" + type + "\", \"config\": "
                + config + "}], \"connections\": []}");
        return server.runAndWait(id, input);
    }

    static JsonNode ok(JsonNode run) {
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        return run.get("output");
    }

    @Test
    void agentsApiWritesTheYamlFileListsTheFolderAndRefusesUnsafeIds() throws Exception {
        TestServer.Reply put = server.put("/api/agents/writer", Map.of("name", "Writer", "system_prompt", "You write docs.",
                "model", "gpt-docs", "tools", List.of("http_fetch"), "memory_size", 6));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json()).isEqualTo(Json.parse("{\"id\": \"writer\", \"name\": \"Writer\", \"system_prompt\": \"You write docs.\","
                + " \"model\": \"gpt-docs\", \"tools\": [\"http_fetch\"], \"memory_size\": 6, \"owner_id\": \""
                + server.get("/api/me").json().get("id").asText() + "\"}"));
        String yaml = Files.readString(server.dataDir.resolve("agents/writer.yaml"));
        assertThat(yaml).contains("system_prompt: You write docs.").contains("memory_size: 6");

        Files.writeString(server.dataDir.resolve("agents/by-hand.yaml"), "name: By hand\nsystem_prompt: |\n  Written in an editor.\ntools: []\n");
        JsonNode list = server.get("/api/agents").json();
        assertThat(list.get("items").findValuesAsText("id")).contains("writer", "by-hand");
        assertThat(server.get("/api/agents/by-hand").json().get("system_prompt").asText()).isEqualTo("Written in an editor.\n");

        assertThat(server.put("/api/agents/bad.name", Map.of("name", "x")).status()).isEqualTo(422);
        assertThat(server.put("/api/agents/x1", Map.of("name", "x", "color", "red")).json().get("error").get("message").asText())
                .contains("unknown field 'color'");
        assertThat(server.put("/api/agents/x2", Map.of("memory_size", -1)).status()).isEqualTo(422);
        assertThat(server.get("/api/agents/..%2F..%2Fetc%2Fpasswd").status()).isIn(404, 422);
        assertThat(server.delete("/api/agents/writer").status()).isEqualTo(204);
        assertThat(server.get("/api/agents/writer").status()).isEqualTo(404);
        assertThat(Files.exists(server.dataDir.resolve("agents/writer.yaml"))).isFalse();
    }

    @Test
    void laterPromptsCarryRelevantMemoriesLearnedFeedbackAndTheRecentConversation() throws Exception {
        agent("ops", "You are the ops assistant.", List.of(), 4);
        ok(runNode("agent_memory", "{\"agent\": \"ops\", \"operation\": \"store\", \"key\": \"deploy-window\","
                + " \"content\": \"Deploys happen on Tuesdays at 10:00 UTC\"}", Map.of()));
        ok(runNode("agent_memory", "{\"agent\": \"ops\", \"operation\": \"store\", \"key\": \"coffee\","
                + " \"content\": \"The coffee machine is on floor 3\"}", Map.of()));
        ok(runNode("agent_learning", "{\"agent\": \"ops\", \"feedback_type\": \"correction\","
                + " \"feedback\": \"When you name a deploy time, spell out the time zone (Coordinated Universal Time)\","
                + " \"reference\": \"{{ data.earlier }}\"}", Map.of("earlier", "Deploys are at 10")));

        fake.reply("Tuesday at 10:00 Coordinated Universal Time.");
        JsonNode first = runNode("agent_query", "{\"agent\": \"ops\", \"query\": \"When is the next {{ data.what }}?\"}",
                Map.of("what", "deploy window"));
        assertThat(ok(first).get("answer").asText()).isEqualTo("Tuesday at 10:00 Coordinated Universal Time.");
        FakeOpenAi.Recorded asked = fake.request(before);
        assertThat(asked.text("system")).startsWith("You are the ops assistant.")
                .contains("deploy-window: Deploys happen on Tuesdays at 10:00 UTC")
                .contains("(correction) When you name a deploy time, spell out the time zone")
                .contains("[about: Deploys are at 10]")
                .doesNotContain("coffee machine");
        assertThat(asked.text("user")).contains("Question: When is the next deploy window?");
        assertThat(asked.body().get("model").asText()).isEqualTo("agent-model");
        JsonNode details = TestServer.nodeLog(first, "n").get("details");
        assertThat(details.get("agent").asText()).isEqualTo("ops");
        assertThat(details.get("recalled_memories").findValuesAsText("key")).containsExactly("deploy-window");

        fake.reply("Yes, Tuesday.");
        ok(runNode("agent_query", "{\"agent\": \"ops\", \"query\": \"Is that this week?\"}", Map.of()));
        FakeOpenAi.Recorded followUp = fake.request(before + 1);
        List<JsonNode> messages = new java.util.ArrayList<>();
        followUp.messages().forEach(messages::add);
        assertThat(messages).extracting(m -> m.get("role").asText()).containsExactly("system", "user", "assistant", "user");
        assertThat(messages.get(1).get("content").asText()).contains("When is the next deploy window?");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("Tuesday at 10:00 Coordinated Universal Time.");
    }

    @Test
    void queryAnswersAListOrJsonCheckedAgainstItsSchema() throws Exception {
        agent("lister", "You list things.", List.of(), 0);
        fake.reply("{\"items\": [\"api\", \"worker\"]}");
        JsonNode list = ok(runNode("agent_query", "{\"agent\": \"lister\", \"query\": \"Which services?\", \"format\": \"list\"}", Map.of()));
        assertThat(list.get("answer")).isEqualTo(Json.parse("[\"api\", \"worker\"]"));
        assertThat(fake.request(before).body().get("response_format").get("type").asText()).isEqualTo("json_object");

        fake.reply("{\"count\": \"two\"}").reply("{\"count\": 2}");
        JsonNode json = ok(runNode("agent_query", "{\"agent\": \"lister\", \"query\": \"How many?\", \"format\": \"json\","
                + " \"schema\": {\"type\": \"object\", \"required\": [\"count\"], \"properties\": {\"count\": {\"type\": \"integer\"}}}}", Map.of()));
        assertThat(json.get("answer")).isEqualTo(Json.parse("{\"count\": 2}"));
        assertThat(fake.request(before + 2).text("user")).contains("cannot be used").contains("count");
    }

    @Test
    void memoryRecallsByKeyAndBySimilarityAndForgets() throws Exception {
        agent("keeper", "You keep notes.", List.of(), 0);
        agent("other", "Another agent.", List.of(), 0);
        ok(runNode("agent_memory", "{\"agent\": \"keeper\", \"operation\": \"store\", \"key\": \"db\"}",
                Map.of("note", "The orders database runs on PostgreSQL 16")));
        ok(runNode("agent_memory", "{\"agent\": \"keeper\", \"operation\": \"store\", \"key\": \"oncall\","
                + " \"content\": \"{{ data.who }} is on call this week\"}", Map.of("who", "Dana")));
        ok(runNode("agent_memory", "{\"agent\": \"other\", \"operation\": \"store\", \"key\": \"db\", \"content\": \"MySQL\"}", Map.of()));

        JsonNode byKey = ok(runNode("agent_memory", "{\"agent\": \"keeper\", \"operation\": \"recall\", \"key\": \"db\"}", Map.of()));
        assertThat(byKey.get("found").asBoolean()).isTrue();
        assertThat(Json.parse(byKey.get("content").asText()).get("note").asText()).contains("PostgreSQL 16");

        JsonNode similar = ok(runNode("agent_memory", "{\"agent\": \"keeper\", \"operation\": \"recall\","
                + " \"query\": \"who is on call?\", \"limit\": 1}", Map.of()));
        assertThat(similar.get("memories")).hasSize(1);
        assertThat(similar.get("memories").get(0).get("key").asText()).isEqualTo("oncall");
        assertThat(similar.get("memories").get(0).get("content").asText()).isEqualTo("Dana is on call this week");

        JsonNode forgot = ok(runNode("agent_memory", "{\"agent\": \"keeper\", \"operation\": \"forget\", \"key\": \"db\"}", Map.of()));
        assertThat(forgot.get("forgotten").asInt()).isEqualTo(1);
        JsonNode gone = ok(runNode("agent_memory", "{\"agent\": \"keeper\", \"operation\": \"recall\", \"key\": \"db\"}", Map.of()));
        assertThat(gone.get("found").asBoolean()).isFalse();
        JsonNode others = ok(runNode("agent_memory", "{\"agent\": \"other\", \"operation\": \"recall\", \"key\": \"db\"}", Map.of()));
        assertThat(others.get("content").asText()).isEqualTo("MySQL");
    }

    @Test
    void decisionListsTheOptionsAndInsistsOnOneOfThem() throws Exception {
        agent("scaler", "You decide capacity.", List.of(), 2);
        fake.reply("{\"choice\": \"scale_sideways\", \"reason\": \"hmm\"}")
                .reply("{\"choice\": \"scale_up\", \"reason\": \"CPU is at 91%\", \"scores\": {\"scale_up\": 0.9, \"maintain\": 0.1}}");
        JsonNode out = ok(runNode("agent_decision", "{\"agent\": \"scaler\", \"options\": [\"scale_up\", \"scale_down\", \"maintain\"],"
                + " \"criteria\": \"Keep CPU under {{ data.target }}%\"}", Map.of("cpu", 91, "target", 70)));
        assertThat(out.get("choice").asText()).isEqualTo("scale_up");
        assertThat(out.get("reason").asText()).isEqualTo("CPU is at 91%");
        assertThat(out.get("scores").get("scale_up").asDouble()).isEqualTo(0.9);
        FakeOpenAi.Recorded asked = fake.request(before);
        assertThat(asked.text("user")).contains("1. scale_up\n2. scale_down\n3. maintain").contains("Criteria: Keep CPU under 70%")
                .contains("\"cpu\":91");
        assertThat(fake.request(before + 1).text("user")).contains("the choice 'scale_sideways' is not one of the options");

        fake.reply("{\"choice\": \"panic\"}").reply("{\"choice\": \"panic\"}");
        JsonNode failed = runNode("agent_decision", "{\"agent\": \"scaler\", \"options\": [\"scale_up\", \"maintain\"],"
                + " \"criteria\": \"Keep CPU low\"}", Map.of());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error_message").asText()).contains("Node 'n'").contains("'panic' is not one of the options");
    }

    @Test
    void taskCallsWorkflowAndHttpToolsAndFeedsEachResultBack() throws Exception {
        server.create("{\"name\": \"lookup-customer\", \"description\": \"Finds a customer's tier\","
                + " \"input_schema\": {\"type\": \"object\", \"required\": [\"id\"], \"properties\": {\"id\": {\"type\": \"integer\","
                + " \"description\": \"Customer number\"}}},"
                + " \"output_schema\": {\"type\": \"object\", \"properties\": {\"tier\": {\"type\": \"string\"}}},"
                + " \"nodes\": [{\"id\": \"t\", \"type\": \"transform\", \"config\": {\"type\": \"jmespath\","
                + " \"query\": \"{id: id, tier: 'gold'}\"}}], \"connections\": []}");
        agent("support", "You help support staff.", List.of("lookup-customer", "http_fetch"), 0);
        String statusUrl = "http://127.0.0.1:" + status.getAddress().getPort() + "/status";
        fake.toolCall("lookup-customer", "{\"id\": \"seven\"}")
                .toolCall("lookup-customer", "{\"id\": 7}")
                .toolCall("http_fetch", "{\"url\": \"" + statusUrl + "\"}")
                .toolCall("http_fetch", "{\"url\": \"http://169.254.169.254/latest/meta-data/\"}")
                .reply("Customer 7 is gold and systems are green.");
        JsonNode run = runNode("agent_task", "{\"agent\": \"support\", \"task\": \"Check customer {{ data.customer }}\","
                + " \"max_steps\": 5}", Map.of("customer", 7));
        JsonNode out = ok(run);

        assertThat(out.get("result").asText()).isEqualTo("Customer 7 is gold and systems are green.");
        assertThat(out.get("steps_taken").asInt()).isEqualTo(5);
        assertThat(out.get("steps")).hasSize(4);
        assertThat(out.get("steps").get(0).get("result").get("error").asText()).contains("do not match the workflow's input_schema")
                .contains("id");
        assertThat(out.get("steps").get(1).get("result")).isEqualTo(Json.parse("{\"id\": 7, \"tier\": \"gold\"}"));
        assertThat(out.get("steps").get(2).get("result").get("body").asText()).isEqualTo("all systems green");
        assertThat(out.get("steps").get(3).get("result").get("error").asText()).containsIgnoringCase("refused");

        FakeOpenAi.Recorded first = fake.request(before);
        JsonNode lookup = first.body().get("tools").get(0).get("function");
        assertThat(first.body().get("tools").findValuesAsText("name")).containsExactly("lookup-customer", "http_fetch");
        assertThat(lookup.get("description").asText()).contains("Finds a customer's tier").contains("\"tier\"");
        assertThat(lookup.get("parameters").get("properties").get("id")).isEqualTo(Json.parse("{\"type\": \"integer\", \"description\": \"Customer number\"}"));
        assertThat(lookup.get("parameters").get("required")).isEqualTo(Json.parse("[\"id\"]"));
        assertThat(first.text("user")).contains("Task: Check customer 7");
        assertThat(fake.request(before + 1).text("tool")).contains("input_schema");
        assertThat(fake.request(before + 2).text("tool")).contains("gold");
        assertThat(fake.request(before + 3).text("tool")).contains("all systems green");
        assertThat(fake.request(before + 4).text("tool")).containsIgnoringCase("refused");
        JsonNode toolCalls = TestServer.nodeLog(run, "n").get("details").get("tool_calls");
        assertThat(toolCalls.findValuesAsText("tool")).containsExactly("lookup-customer", "lookup-customer", "http_fetch", "http_fetch");
    }

    @Test
    void aToolThatCallsItsOwnAgentBackStopsAtTheNestingLimit() throws Exception {
        agent("echo", "You call yourself.", List.of("recurse"), 0);
        server.create("{\"name\": \"recurse\", \"nodes\": [{\"id\": \"again\", \"type\": \"agent_task\","
                + " \"config\": {\"agent\": \"echo\", \"task\": \"Go deeper\"}}], \"connections\": []}");
        for (int i = 0; i < 9; i++) {
            fake.toolCall("recurse", "{}");
        }
        for (int i = 0; i < 9; i++) {
            fake.reply("done " + i);
        }
        JsonNode run = runNode("agent_task", "{\"agent\": \"echo\", \"task\": \"Start\"}", Map.of());

        assertThat(ok(run).get("result").asText()).isEqualTo("done 8");
        assertThat(fake.requests().size() - before).isEqualTo(18);
        assertThat(fake.request(before + 9).text("tool")).contains("nested 8 deep");
    }

    @Test
    void taskThatKeepsCallingToolsStopsAtMaxSteps() throws Exception {
        agent("looper", "You loop.", List.of("http_fetch"), 0);
        String statusUrl = "http://127.0.0.1:" + status.getAddress().getPort() + "/status";
        fake.toolCall("http_fetch", "{\"url\": \"" + statusUrl + "\"}").toolCall("http_fetch", "{\"url\": \"" + statusUrl + "\"}");
        JsonNode run = runNode("agent_task", "{\"agent\": \"looper\", \"task\": \"Loop\", \"max_steps\": 2}", Map.of());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("Node 'n'").contains("config.max_steps = 2");
        assertThat(fake.requests().size() - before).isEqualTo(2);
    }

    @Test
    void theAgentMayComeFromTheInputButOnlyAsASafeId() throws Exception {
        agent("picked", "You were picked by the input.", List.of(), 0);
        fake.reply("here");
        JsonNode picked = runNode("agent_query", "{\"agent\": \"{{ data.who }}\", \"query\": \"Hi\"}", Map.of("who", "picked"));
        assertThat(ok(picked).get("answer").asText()).isEqualTo("here");
        assertThat(fake.request(before).text("system")).startsWith("You were picked by the input.");

        JsonNode escaped = runNode("agent_query", "{\"agent\": \"{{ data.who }}\", \"query\": \"Hi\"}", Map.of("who", "../../etc/passwd"));
        assertThat(escaped.get("status").asText()).isEqualTo("failed");
        assertThat(escaped.get("error_message").asText()).contains("Node 'n'").contains("config.agent '../../etc/passwd' is not an agent id");
        assertThat(fake.requests().size()).isEqualTo(before + 1);
    }

    @Test
    void anUnknownAgentFailsSayingHowToCreateIt() throws Exception {
        JsonNode run = runNode("agent_query", "{\"agent\": \"ghost\", \"query\": \"Hi\"}", Map.of());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText()).contains("Node 'n'").contains("config.agent 'ghost' does not exist")
                .contains("PUT /api/agents/ghost");
        assertThat(fake.requests().size()).isEqualTo(before);
    }
}
