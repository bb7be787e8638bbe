package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The seed's use case 1 end to end, from the official template: a Google Doc (a loopback fake of
 * the Docs API and its OAuth token endpoint) is summarised by the model (the fake
 * OpenAI-compatible server), the summary is mailed (GreenMail) and stored (H2 through
 * database_write).
 */
class DocumentProcessingUseCaseTest {

    @Test
    void aDocumentIsSummarisedMailedAndStored() throws Exception {
        List<String> googleAuth = new CopyOnWriteArrayList<>();
        HttpServer google = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        google.createContext("/oauth2/v4/token", e -> answer(e, "{\"access_token\": \"ya29.usecase\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}"));
        google.createContext("/v1/documents/notes-42", e -> {
            googleAuth.add(e.getRequestHeaders().getFirst("Authorization"));
            answer(e, """
                    {"documentId": "notes-42", "title": "Weekly sync", "body": {"content": [
                      {"paragraph": {"elements": [{"textRun": {"content": "Decided: ship on Friday.\\n"}}]}},
                      {"paragraph": {"elements": [{"textRun": {"content": "Owner: Ada.\\n"}}]}}]}}""");
        });
        google.start();
        GreenMail smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String db = "jdbc:h2:mem:usecase1_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(db, "sa", "uc1-pw"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE summaries (summary VARCHAR(2000))");
        }
        try (FakeOpenAi model = new FakeOpenAi();
             TestServer server = TestServer.start(Map.of("WEBOPS_LLM_BASE_URL", model.baseUrl(),
                     "WEBOPS_LLM_API_KEY", "sk-uc1", "WEBOPS_LLM_MODEL", "summary-model"))) {
            String googleUrl = "http://127.0.0.1:" + google.getAddress().getPort();
            Map<String, String> credentials = Map.of(
                    "google", server.credential("Docs", "google", Map.of("api_root_url", googleUrl, "client_id", "c1",
                            "client_secret", "uc1-client-secret", "refresh_token", "uc1-refresh")),
                    "smtp", server.credential("Mail", "smtp", Map.of("host", "127.0.0.1", "port", smtp.getSmtp().getPort(),
                            "security", "none", "from", "bot@example.com")),
                    "database", server.credential("Records", "database", Map.of("jdbc_url", db, "username", "sa", "password", "uc1-pw")));
            TestServer.Reply created = server.post("/api/templates/document-processing/instantiate",
                    Map.of("name", "Notes summary", "credentials", credentials));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            model.reply("- Ship on Friday (Ada)");

            JsonNode ex = server.runAndWait(created.json().get("id").asText(), Map.of("document_id", "notes-42"));

            assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
            assertThat(googleAuth).containsExactly("Bearer ya29.usecase");
            String prompt = model.requests().get(model.requests().size() - 1).text("user");
            assertThat(prompt).contains("Decided: ship on Friday.").contains("Owner: Ada.");
            smtp.waitForIncomingEmail(5_000, 1);
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("Summary: Weekly sync");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("team@example.com");
            assertThat(GreenMailUtil.getBody(mail).trim()).isEqualTo("- Ship on Friday (Ada)");
            try (Connection c = DriverManager.getConnection(db, "sa", "uc1-pw"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT summary FROM summaries")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("- Ship on Friday (Ada)");
                assertThat(rs.next()).isFalse();
            }
            assertThat(Json.write(ex)).doesNotContain("uc1-client-secret").doesNotContain("uc1-refresh").doesNotContain("uc1-pw");
        } finally {
            smtp.stop();
            google.stop(0);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange e, String json) throws java.io.IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(200, body.length);
        e.getResponseBody().write(body);
        e.close();
    }
}
