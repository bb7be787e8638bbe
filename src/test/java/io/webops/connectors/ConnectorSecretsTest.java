package io.webops.connectors;

import static io.webops.connectors.Flows.credential;
import static io.webops.connectors.Flows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.webops.TestServer;
import io.webops.connectors.FakeApi.Response;
import io.webops.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No connector secret (database and SMTP passwords, HTTP token, bot token, webhook URL,
 * service-account key, client secret, refresh token) shows in any API answer, stored execution
 * or the log of full runs, successful or failed, even when an API echoes the secret back.
 */
class ConnectorSecretsTest {

    static final String SMTP_PASSWORD = "smtp-secret-Q8w2";
    static final String WRONG_SMTP_PASSWORD = "smtp-wrong-secret-Z3";
    static final String BOT_TOKEN = "xoxb-9999-8888-tokenSecretK1";
    static final String HOOK_PATH = "/services/T9/B9/hookSecretM4";
    static final String CLIENT_SECRET = "GOCSPX-clientSecretR7";
    static final String REFRESH_TOKEN = "1//refreshSecretT5";
    static final String DB_PASSWORD = "db-secret-V6x";
    static final String HTTP_TOKEN = "http-secret-N2y";

    /** Copies what is written to the real stream into a buffer too. */
    static PrintStream tee(PrintStream original, ByteArrayOutputStream copy) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Test
    void secretsAppearInNoAnswerAndNoLogLine() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        PrintStream out = System.out;
        System.setErr(tee(err, log));
        System.setOut(tee(out, log));
        GreenMail smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("a@example.com", "mailer", SMTP_PASSWORD));
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String keyBase64 = Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        String serviceAccountKey = "-----BEGIN PRIVATE KEY-----\n" + keyBase64 + "\n-----END PRIVATE KEY-----\n";
        List<String> secrets = List.of(SMTP_PASSWORD, WRONG_SMTP_PASSWORD, BOT_TOKEN, HOOK_PATH, CLIENT_SECRET, REFRESH_TOKEN,
                keyBase64.substring(100, 160), DB_PASSWORD, HTTP_TOKEN);
        String dbUrl = "jdbc:h2:mem:secrets_" + java.util.UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        java.sql.DriverManager.getConnection(dbUrl, "sa", DB_PASSWORD).close();
        smtp.start();
        try (FakeApi api = new FakeApi(); TestServer server = TestServer.start()) {
            api.on("/api/chat.postMessage", r -> r.header("Authorization").equals("Bearer " + BOT_TOKEN)
                    ? Response.json(200, "{\"ok\":false,\"error\":\"not_in_channel\"}")
                    : Response.json(200, "{\"ok\":false,\"error\":\"invalid_auth\"}"));
            api.on(HOOK_PATH, Response.text(404, "no_service"));
            api.on("/token", Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
            api.on("/oauth2/v4/token", Response.json(200, "{\"access_token\":\"ya29.ok\",\"expires_in\":3599}"));
            // an API that echoes the credential it was sent: the execution must still not hold it
            api.on("/echo", r -> Response.json(200, Json.write(Map.of("you_sent", r.header("Authorization")))));
            api.on("/v1/documents/d1", Response.json(403, "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\"}}"));
            String mail = credential(server, "smtp", Map.of("host", "127.0.0.1", "port", smtp.getSmtp().getPort(),
                    "security", "none", "username", "mailer", "password", SMTP_PASSWORD, "from", "a@example.com"));
            String badMail = credential(server, "smtp", Map.of("host", "127.0.0.1", "port", smtp.getSmtp().getPort(),
                    "security", "none", "username", "mailer", "password", WRONG_SMTP_PASSWORD, "from", "a@example.com"));
            String bot = credential(server, "slack", Map.of("bot_token", BOT_TOKEN, "api_url", api.url("/api")));
            String hook = credential(server, "slack", Map.of("webhook_url", api.url(HOOK_PATH)));
            String account = credential(server, "google", Map.of("api_root_url", api.url(""), "service_account_json",
                    Json.write(Map.of("client_email", "r@p.iam.gserviceaccount.com", "private_key", serviceAccountKey,
                            "token_uri", api.url("/token")))));
            String oauth = credential(server, "google", Map.of("api_root_url", api.url(""), "client_id", "c1",
                    "client_secret", CLIENT_SECRET, "refresh_token", REFRESH_TOKEN));

            String database = credential(server, "database", Map.of("jdbc_url", dbUrl, "username", "sa", "password", DB_PASSWORD));
            String wrongDatabase = credential(server, "database", Map.of("jdbc_url", dbUrl, "username", "sa", "password", DB_PASSWORD + "-wrong"));
            String http = credential(server, "http", Map.of("auth", "bearer", "token", HTTP_TOKEN));

            List<String> workflows = new ArrayList<>();
            workflows.add(oneNode(server, "database_query", database, Map.of("query", "select 1 as one"), 0));
            workflows.add(oneNode(server, "database_query", wrongDatabase, Map.of("query", "select 1 as one"), 0));
            workflows.add(oneNode(server, "api_request", http, Map.of("url", api.url("/echo")), 0));
            workflows.add(oneNode(server, "email", mail, Map.of("to", "b@example.com", "subject", "s", "body", "b"), 0));
            workflows.add(oneNode(server, "email", badMail, Map.of("to", "b@example.com", "subject", "s", "body", "b"), 0));
            workflows.add(oneNode(server, "slack", bot, Map.of("channel", "C1", "message", "m"), 0));
            workflows.add(oneNode(server, "slack", hook, Map.of("message", "m"), 0));
            workflows.add(oneNode(server, "google_sheets", account, Map.of("spreadsheet_id", "s1", "range", "A1:B"), 0));
            workflows.add(oneNode(server, "google_docs", oauth, Map.of("document_id", "d1"), 0));
            List<String> answers = new ArrayList<>();
            for (String id : workflows) {
                JsonNode ex = server.runAndWait(id, Map.of());
                answers.add(server.get("/api/executions/" + ex.get("id").asText()).text());
                answers.add(server.get("/api/workflows/" + id + "/routes").text());
                answers.add(server.get("/api/workflows/" + id).text());
            }
            answers.add(server.get("/api/executions?limit=50").text());
            answers.add(server.get("/api/credentials").text());
            for (String id : List.of(mail, badMail, bot, hook, account, oauth, database, wrongDatabase, http)) {
                answers.add(server.get("/api/credentials/" + id).text());
            }
            server.server().store().executions().flush();
            try (java.sql.Connection c = server.server().store().dataSource().getConnection();
                 java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT payload FROM executions")) {
                while (rs.next()) {
                    answers.add(new String(rs.getBytes(1), StandardCharsets.UTF_8));
                }
            }
            String all = String.join("\n", answers);
            assertThat(all).contains("not_in_channel", "no_service", "invalid_grant", "refused the login", "no permission",
                    "Bearer ***");
            for (String secret : secrets) {
                assertThat(all).as("API answers and stored executions").doesNotContain(secret);
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
            smtp.stop();
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("Started");
        for (String secret : secrets) {
            assertThat(logged).as("log output").doesNotContain(secret);
        }
    }
}
