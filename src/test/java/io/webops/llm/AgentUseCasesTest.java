package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's use cases 4 (content generation) and 5 (intelligent decision making) end to end on
 * the real server, the model being the local fake and mail going to an in-process SMTP server
 * (GreenMail), the metrics coming from an H2 database through database_query and the generated
 * page going to the data folder through file_output.
 */
class AgentUseCasesTest {

    record Received(String path, JsonNode body) {
    }

    static FakeOpenAi fake;
    static TestServer server;
    static HttpServer sink;
    static com.icegreen.greenmail.util.GreenMail smtp;
    static final List<Received> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fake = new FakeOpenAi();
        server = TestServer.start(Map.of("WEBOPS_LLM_BASE_URL", fake.baseUrl(), "WEBOPS_LLM_API_KEY", "sk-usecase-0001",
                "WEBOPS_LLM_MODEL", "usecase-model"));
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        sink.createContext("/", e -> {
            received.add(new Received(e.getRequestURI().getPath(), Json.parse(e.getRequestBody().readAllBytes())));
            byte[] ok = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().add("Content-Type", "application/json");
            e.sendResponseHeaders(200, ok.length);
            e.getResponseBody().write(ok);
            e.close();
        });
        sink.start();
        smtp = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(TestServer.freePort(), "127.0.0.1",
                com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stop() {
        smtp.stop();
        sink.stop(0);
        server.close();
        fake.close();
    }

    static String sinkUrl(String path) {
        return "http://127.0.0.1:" + sink.getAddress().getPort() + path;
    }

    @Test
    void contentGenerationWebhookAgentQueryLlmOutput() throws Exception {
        assertThat(server.put("/api/agents/docs", Map.of("name", "Docs", "system_prompt", "You know our product's documentation.",
                "tools", List.of(), "memory_size", 0)).status()).isEqualTo(200);
        String id = server.create("""
                {"name": "Content generation", "trigger": {"type": "webhook", "path": "content", "respond": "when_finished"},
                 "nodes": [
                   {"id": "in", "type": "webhook_input"},
                   {"id": "context", "type": "agent_query", "config": {"agent": "docs",
                     "query": "Which points must a page about {{ data.topic }} cover?", "format": "list"}},
                   {"id": "write", "type": "llm", "config": {"system": "You write concise documentation pages.",
                     "prompt": "Write a page about {{ nodes.in.topic }} covering: {{ data.answer }}", "temperature": 0.3}},
                   {"id": "save", "type": "file_output", "config": {"path": "pages/{{ nodes.in.topic }}.md", "format": "text",
                     "content": "{{ data.text }}"}}],
                 "connections": [{"source": "in", "target": "context"}, {"source": "context", "target": "write"},
                   {"source": "write", "target": "save"}]}""");
        assertThat(server.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);
        fake.reply("{\"items\": [\"installation\", \"first workflow\"]}")
                .reply("# Webhooks\n\nInstall it, then build a first workflow.\n");
        int before = fake.requests().size();

        TestServer.Reply answer = server.post("/webhooks/content", Map.of("topic", "webhooks"));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        FakeOpenAi.Recorded query = fake.request(before);
        assertThat(query.text("user")).contains("Which points must a page about webhooks cover?");
        assertThat(query.text("system")).startsWith("You know our product's documentation.");
        FakeOpenAi.Recorded write = fake.request(before + 1);
        assertThat(write.text("user")).isEqualTo("Write a page about webhooks covering: [\"installation\",\"first workflow\"]\n");
        assertThat(write.body().get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(java.nio.file.Files.readString(server.dataDir.resolve("files/pages/webhooks.md")))
                .isEqualTo("# Webhooks\n\nInstall it, then build a first workflow.\n");
    }

    @Test
    void decisionMakingMetricsAgentDecisionConditionThenEmailOrWebhook() throws Exception {
        assertThat(server.put("/api/agents/capacity", Map.of("name", "Capacity", "system_prompt", "You plan capacity for the web tier.",
                "tools", List.of(), "memory_size", 0)).status()).isEqualTo(200);
        TestServer.Reply mail = server.post("/api/credentials", Map.of("name", "Ops mail", "kind", "smtp", "fields", Map.of(
                "host", "127.0.0.1", "port", smtp.getSmtp().getPort(), "security", "none", "from", "WebOps <webops@example.com>")));
        assertThat(mail.status()).as(mail.text()).isEqualTo(201);
        String db = "jdbc:h2:mem:metrics_" + java.util.UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db, "sa", "metrics-pw");
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE metrics (id INT PRIMARY KEY, tier VARCHAR(20), p95_ms INT, instances INT, slo_ms INT)");
            st.execute("INSERT INTO metrics VALUES (1, 'web', 870, 4, 500), (2, 'batch', 120, 2, 500)");
            runUseCase5(db, mail.json().get("id").asText());
        }
    }

    private void runUseCase5(String db, String mailCredential) throws Exception {
        TestServer.Reply metrics = server.post("/api/credentials", Map.of("name", "Metrics", "kind", "database",
                "fields", Map.of("jdbc_url", db, "username", "sa", "password", "metrics-pw")));
        assertThat(metrics.status()).as(metrics.text()).isEqualTo(201);
        String id = server.create("""
                {"name": "Intelligent decision", "nodes": [
                   {"id": "fetch", "type": "database_query", "config": {"credential": "%s",
                     "query": "select tier as \\"tier\\", p95_ms as \\"p95_ms\\", instances as \\"instances\\", slo_ms as \\"slo_ms\\" from metrics where tier = :tier",
                     "parameters": {"tier": "{{ data.tier }}"}}},
                   {"id": "decide", "type": "agent_decision", "config": {"agent": "capacity", "context": "{{ data.fetch[0] }}",
                     "options": ["scale_up", "scale_down", "maintain"], "criteria": "Keep p95 latency under {{ data.fetch[0].slo_ms }} ms at the lowest cost"}},
                   {"id": "act", "type": "condition", "config": {"expression": "data.choice != 'maintain'"}},
                   {"id": "notify", "type": "email", "config": {"credential": "%s", "to": "ops@example.com",
                     "subject": "Capacity: {{ data.choice }}", "body": "The agent decided {{ data.choice }}: {{ data.reason }}"}},
                   {"id": "log", "type": "webhook_output", "config": {"url": "%s"}}],
                 "connections": [{"source": "fetch", "target": "decide"}, {"source": "decide", "target": "act"},
                   {"source": "act", "target": "notify", "sourceHandle": "true"},
                   {"source": "act", "target": "log", "sourceHandle": "false"}]}""".formatted(metrics.json().get("id").asText(),
                mailCredential, sinkUrl("/decisions")));
        fake.reply("{\"choice\": \"scale_up\", \"reason\": \"p95 is 870 ms against 500\", \"scores\": {\"scale_up\": 0.9}}")
                .reply("{\"choice\": \"maintain\", \"reason\": \"p95 is well under target\", \"scores\": {\"maintain\": 0.8}}");
        int before = fake.requests().size();

        JsonNode busy = server.runAndWait(id, Map.of("tier", "web"));
        JsonNode quiet = server.runAndWait(id, Map.of("tier", "batch"));

        assertThat(busy.get("status").asText()).as(busy.toString()).isEqualTo("success");
        assertThat(quiet.get("status").asText()).as(quiet.toString()).isEqualTo("success");
        FakeOpenAi.Recorded asked = fake.request(before);
        assertThat(asked.text("user")).contains("1. scale_up\n2. scale_down\n3. maintain")
                .contains("Keep p95 latency under 500 ms").contains("\"p95_ms\":870").contains("\"instances\":4");
        jakarta.mail.internet.MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("Capacity: scale_up");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mails[0])).contains("The agent decided scale_up: p95 is 870 ms against 500");
        assertThat(received).filteredOn(r -> r.path().equals("/decisions")).singleElement()
                .satisfies(r -> assertThat(r.body().get("choice").asText()).isEqualTo("maintain"));
        assertThat(TestServer.nodeLog(busy, "log").get("status").asText()).isEqualTo("skipped");
        assertThat(TestServer.nodeLog(quiet, "notify").get("status").asText()).isEqualTo("skipped");
    }
}
