package io.webops.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.webops.TestServer;
import io.webops.json.Json;
import io.webops.llm.FakeOpenAi;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official templates added beside the seed's use cases, each used as a person would use it (instantiated with
 * credentials, its placeholder URLs pointed at the service) and run against loopback fakes: an H2 database, GreenMail,
 * a fake OpenAI-compatible model, and a loopback HTTP server for Slack, Google and the APIs polled. Each test checks
 * what the fakes received.
 */
class OfficialTemplatesRunTest {

    static TestServer server;
    static GreenMail smtp;
    static FakeOpenAi model;
    static LoopbackApi api;
    static String db;
    static String database;
    static String mail;
    static String http;
    static String openai;
    static String google;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        model = new FakeOpenAi();
        api = new LoopbackApi();
        db = "jdbc:h2:mem:templates_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        sql("CREATE TABLE contacts (name VARCHAR(200), email VARCHAR(200), message VARCHAR(2000))",
                "CREATE TABLE orders (placed_at TIMESTAMP, total INT)",
                "CREATE TABLE uptime_checks (status INT, duration_ms BIGINT)");
        database = server.credential("Records", "database", Map.of("jdbc_url", db, "username", "sa", "password", "tpl-db-pw"));
        mail = server.credential("Mail", "smtp", Map.of("host", "127.0.0.1", "port", smtp.getSmtp().getPort(), "security", "none",
                "from", "bot@example.com"));
        http = server.credential("API token", "http", Map.of("auth", "bearer", "token", "tpl-api-token"));
        openai = server.credential("Model", "openai", Map.of("base_url", model.baseUrl(), "api_key", "sk-templates", "model", "template-model"));
        google = server.credential("Sheets", "google", Map.of("api_root_url", api.url(""), "client_id", "c1",
                "client_secret", "tpl-client-secret", "refresh_token", "tpl-refresh"));
        api.on("/oauth2/v4/token", new LoopbackApi.Response(200, "{\"access_token\": \"ya29.templates\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}"));
    }

    @AfterAll
    static void stop() {
        api.close();
        model.close();
        smtp.stop();
        server.close();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void webhookToDatabaseStoresACompleteSubmissionAndRefusesAnIncompleteOne() throws Exception {
        String id = use("webhook-to-database", Map.of("database", database), Map.of());
        activate(id);

        TestServer.Reply stored = webhook(id, "{\"name\": \"Ada\", \"email\": \"ada@example.com\", \"message\": \"Call me\", \"extra\": 1}");
        TestServer.Reply refused = webhook(id, "{\"name\": \"Bob\"}");

        assertThat(stored.status()).as(stored.text()).isEqualTo(201);
        assertThat(stored.json()).isEqualTo(Json.parse("{\"stored\": true}"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.json().get("error").asText()).isEqualTo("name and email are required");
        assertThat(rows("SELECT name, email, message FROM contacts")).containsExactly("Ada|ada@example.com|Call me");
    }

    @Test
    void dailySqlDigestMailsTheLastDaysOrdersOnly() throws Exception {
        sql("INSERT INTO orders VALUES (CURRENT_TIMESTAMP - INTERVAL '2' HOUR, 40)",
                "INSERT INTO orders VALUES (CURRENT_TIMESTAMP - INTERVAL '20' HOUR, 65)",
                "INSERT INTO orders VALUES (CURRENT_TIMESTAMP - INTERVAL '3' DAY, 1000)");
        String id = use("daily-sql-digest", Map.of("database", database, "smtp", mail), Map.of());

        JsonNode ex = server.runAndWait(id, Map.of());

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        MimeMessage sent = onlyMail();
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("reports@example.com");
        assertThat(sent.getSubject()).isEqualTo("Orders in the last 24 hours: 2");
        assertThat(GreenMailUtil.getBody(sent).trim().replace("\r\n", "\n")).isEqualTo("Orders: 2\nRevenue: 105\nLargest order: 65");
    }

    @Test
    void newReleaseToSlackPostsEachReleaseOnce() throws Exception {
        LoopbackApi.Response first = new LoopbackApi.Response(200, "[{\"tag_name\": \"v1.0\", \"name\": \"First\", \"html_url\": \"https://example.com/v1.0\"}]");
        LoopbackApi.Response second = new LoopbackApi.Response(200, "[{\"tag_name\": \"v1.1\", \"name\": \"Second\", \"html_url\": \"https://example.com/v1.1\"}]");
        api.on("/releases", first, first, second);
        api.on("/slack/releases", new LoopbackApi.Response(200, ""));
        String id = use("new-release-to-slack", Map.of("http", http, "slack", slack("/slack/releases")), Map.of());
        edit(id, "releases", "url", api.url("/releases"));

        for (int run = 0; run < 3; run++) {
            JsonNode ex = server.runAndWait(id, Map.of());
            assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        }

        assertThat(api.requests("/releases")).hasSize(3).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tpl-api-token"));
        assertThat(texts("/slack/releases")).containsExactly("New release v1.0: First https://example.com/v1.0",
                "New release v1.1: Second https://example.com/v1.1");
    }

    @Test
    void formSummaryEmailMailsTheModelsSummaryOfTheSubmission() throws Exception {
        String id = use("form-summary-email", Map.of("openai", openai, "smtp", mail), Map.of());
        model.reply("Ada cannot sign in since the update. Urgency: high");

        JsonNode ex = server.runAndWait(id, Map.of("name", "Ada", "email", "ada@example.com", "message", "I cannot sign in since your update!"));

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        FakeOpenAi.Recorded asked = model.requests().get(model.requests().size() - 1);
        assertThat(asked.header("Authorization")).isEqualTo("Bearer sk-templates");
        assertThat(asked.text("user")).contains("From: Ada <ada@example.com>").contains("I cannot sign in since your update!");
        MimeMessage sent = onlyMail();
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("support@example.com");
        assertThat(sent.getSubject()).isEqualTo("Request from Ada");
        assertThat(GreenMailUtil.getBody(sent).trim().replace("\r\n", "\n"))
                .isEqualTo("Ada cannot sign in since the update. Urgency: high\n\nReply to: ada@example.com");
    }

    @Test
    void jsonToCsvAppendsThePaidOrdersUnderOneHeader() throws Exception {
        String id = use("json-to-csv-export", Map.of(), Map.of());

        JsonNode first = server.runAndWait(id, Json.parse("""
                {"orders": [{"id": 1, "status": "paid", "customer": {"name": "Ann"}, "total": 12.5},
                            {"id": 2, "status": "open", "customer": {"name": "Bob"}, "total": 99}]}"""));
        JsonNode second = server.runAndWait(id, Json.parse("""
                {"orders": [{"id": 3, "status": "paid", "customer": {"name": "Cy"}, "total": 7}]}"""));

        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("success");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("success");
        Path csv = server.dataDir.resolve("files/exports/paid-orders.csv");
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly("id,customer,total", "1,Ann,12.5", "3,Cy,7");
    }

    @Test
    void workflowFailureAlertPostsTheFailedExecutionToSlack() throws Exception {
        api.on("/broken", new LoopbackApi.Response(500, "{\"error\": \"down\"}"));
        api.on("/slack/alerts", new LoopbackApi.Response(200, ""));
        String failing = server.create("""
                {"name": "Always fails", "nodes": [{"id": "call", "type": "api_request", "config": {"url": "%s"}}], "connections": []}"""
                .formatted(api.url("/broken")));
        String id = use("workflow-failure-alert", Map.of("slack", slack("/slack/alerts")), Map.of("workflow", failing));
        activate(id);

        JsonNode failed = server.runAndWait(failing, Map.of());

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        List<String> alerts = awaitTexts("/slack/alerts", 1);
        assertThat(alerts).containsExactly(":rotating_light: Workflow " + failing + " failed: " + failed.get("error_message").asText()
                + " (execution " + failed.get("id").asText() + ")");
        assertThat(failed.get("error_message").asText()).contains("answered 500");
    }

    @Test
    void webhookToGoogleSheetsAppendsTheLeadAsARow() throws Exception {
        String append = "/v4/spreadsheets/sheet-leads/values/Leads!A1:D:append";
        api.on(append, new LoopbackApi.Response(200, """
                {"spreadsheetId": "sheet-leads", "updates": {"updatedRange": "Leads!A2:D2", "updatedRows": 1}}"""));
        String id = use("webhook-to-google-sheets", Map.of("google", google), Map.of());
        edit(id, "append", "spreadsheet_id", "sheet-leads");

        JsonNode ex = server.runAndWait(id, Map.of("name", "Ada", "email", "ada@example.com", "source", "fair"));

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        LoopbackApi.Request r = api.requests(append).get(0);
        assertThat(r.header("Authorization")).isEqualTo("Bearer ya29.templates");
        JsonNode values = Json.parse(r.body()).get("values");
        assertThat(values).hasSize(1);
        assertThat(values.get(0).get(0).asText()).isEqualTo("Ada");
        assertThat(values.get(0).get(1).asText()).isEqualTo("ada@example.com");
        assertThat(values.get(0).get(2).asText()).isEqualTo("fair");
        assertThat(values.get(0).get(3).asText()).isEqualTo(ex.get("started_at").asText());
    }

    @Test
    void githubIssueTriagePostsTheModelsLabelForSignedOpenedIssuesOnly() throws Exception {
        api.on("/slack/triage", new LoopbackApi.Response(200, ""));
        String secret = "gh-hook-secret";
        String id = use("github-issue-triage", Map.of("openai", openai, "slack", slack("/slack/triage")),
                Map.of("auth", Map.of("type", "hmac", "scheme", "github", "secret", secret)));
        activate(id);
        model.reply("{\"label\": \"bug\", \"summary\": \"Sign-in fails after the update.\"}");
        int askedBefore = model.requests().size();
        String opened = """
                {"action": "opened", "repository": {"full_name": "acme/shop"},
                 "issue": {"number": 42, "title": "Cannot sign in", "body": "Since 2.0 the sign-in page spins forever.",
                           "html_url": "https://github.com/acme/shop/issues/42"}}""";
        String closed = opened.replace("\"opened\"", "\"closed\"");

        assertThat(signed(id, opened, "not-the-secret", "d-0").status()).isEqualTo(401);
        assertThat(signed(id, closed, secret, "d-1").status()).isEqualTo(202);
        assertThat(signed(id, opened, secret, "d-2").status()).isEqualTo(202);

        assertThat(awaitTexts("/slack/triage", 1)).containsExactly(
                "[bug] acme/shop#42 Cannot sign in: Sign-in fails after the update. https://github.com/acme/shop/issues/42");
        awaitRuns(id, 2);
        assertThat(model.requests().size() - askedBefore).as("the closed issue is not sent to the model").isEqualTo(1);
        assertThat(model.requests().get(askedBefore).text("user")).contains("Title: Cannot sign in", "the sign-in page spins forever");
    }

    @Test
    void httpHealthLogRetriesLogsTheAnswerAndMailsAFailureThatOutlastsTheRetries() throws Exception {
        LoopbackApi.Response unavailable = new LoopbackApi.Response(503, "{}");
        api.on("/health", unavailable, unavailable, new LoopbackApi.Response(200, "{\"ok\": true}"));
        String id = use("http-health-log", Map.of("http", http, "database", database, "smtp", mail), Map.of());
        edit(id, "check", "url", api.url("/health"));

        JsonNode recovered = server.runAndWait(id, Map.of());
        assertThat(recovered.get("status").asText()).as(recovered.toString()).isEqualTo("success");
        assertThat(api.requests("/health")).hasSize(3);
        assertThat(rows("SELECT status FROM uptime_checks")).containsExactly("200");
        assertThat(smtp.getReceivedMessages()).isEmpty();

        api.on("/health", unavailable);
        JsonNode down = server.runAndWait(id, Map.of());

        assertThat(down.get("status").asText()).as("the error handle took the failure").isEqualTo("success");
        assertThat(api.requests("/health")).as("one call and three retries").hasSize(7);
        assertThat(rows("SELECT status FROM uptime_checks")).containsExactly("200");
        MimeMessage sent = onlyMail();
        assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        assertThat(sent.getSubject()).isEqualTo("Health check failed (HttpError)");
        assertThat(GreenMailUtil.getBody(sent)).contains("still failed after its retries").contains("answered 503");
    }

    @Test
    void orderLineTotalsAnswersTheOrdersTotalFromItsLines() throws Exception {
        String id = use("order-line-totals", Map.of(), Map.of());
        activate(id);

        TestServer.Reply r = webhook(id, """
                {"id": "A-17", "lines": [{"sku": "pen", "quantity": 4, "unit_price": 1.25},
                                         {"sku": "pad", "quantity": 2, "unit_price": 3.5},
                                         {"sku": "ink", "quantity": 1, "unit_price": 12}]}""");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("order").asText()).isEqualTo("A-17");
        assertThat(r.json().get("lines").asInt()).isEqualTo(3);
        assertThat(r.json().get("total").asDouble()).isEqualTo(24.0);
        assertThat(r.json().get("largest_line").asDouble()).isEqualTo(12.0);
    }

    /** Instantiates the official template with these credentials and trigger fields; answers the draft's id. */
    static String use(String template, Map<String, String> credentials, Map<String, Object> trigger) throws Exception {
        TestServer.Reply made = server.post("/api/templates/" + template + "/instantiate",
                Map.of("name", template + " under test", "credentials", credentials, "trigger", trigger));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        return made.json().get("id").asText();
    }

    /** Sets one config field of one node, as its user does with the template's placeholders. */
    static void edit(String id, String nodeId, String field, String value) throws Exception {
        ObjectNode wf = (ObjectNode) server.get("/api/workflows/" + id).json();
        for (JsonNode n : wf.get("nodes")) {
            if (n.get("id").asText().equals(nodeId)) {
                ((ObjectNode) n.get("config")).put(field, value);
            }
        }
        TestServer.Reply saved = server.put("/api/workflows/" + id, wf);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    }

    static void activate(String id) throws Exception {
        TestServer.Reply r = server.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static TestServer.Reply webhook(String id, String body) throws Exception {
        return server.anonymous().post("/webhooks/" + id, body);
    }

    static TestServer.Reply signed(String id, String body, String secret, String delivery) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return server.anonymous().send(HttpRequest.newBuilder(URI.create(server.base + "/webhooks/" + id))
                .header("Content-Type", "application/json").header("X-Hub-Signature-256", signature)
                .header("X-GitHub-Delivery", delivery).header("X-GitHub-Event", "issues")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String slack(String hookPath) throws Exception {
        return server.credential("Slack " + hookPath, "slack", Map.of("webhook_url", api.url(hookPath)));
    }

    static List<String> texts(String hookPath) {
        return api.requests(hookPath).stream().map(r -> Json.parse(r.body()).get("text").asText()).toList();
    }

    static List<String> awaitTexts(String hookPath, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (api.requests(hookPath).size() < count) {
            assertThat(System.nanoTime()).as("%d posts to %s in time", count, hookPath).isLessThan(deadline);
            Thread.sleep(100);
        }
        return texts(hookPath);
    }

    /** Waits until {@code count} runs of the workflow have ended. */
    static void awaitRuns(String id, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            int ended = 0;
            for (JsonNode e : server.get("/api/executions?workflow_id=" + id).json().get("items")) {
                ended += e.get("status").asText().equals("running") ? 0 : 1;
            }
            if (ended >= count) {
                return;
            }
            assertThat(System.nanoTime()).as("%d runs of %s ended in time", count, id).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static MimeMessage onlyMail() {
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        return smtp.getReceivedMessages()[0];
    }

    static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(db, "sa", "tpl-db-pw"); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Each row as its columns joined by |. */
    static List<String> rows(String query) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db, "sa", "tpl-db-pw"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }
}
